package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@link EmbeddedNames} reads a datafaker locale file with SnakeYAML, and what it refuses. */
class EmbeddedNamesYamlTest {
    private static Map<?, ?> section(String... lines) {
        return EmbeddedNames.nameSection(String.join("\n", lines), "test.yml");
    }

    private static void assertRefused(String expected, String... lines) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EmbeddedNames.firstNames(section(lines)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void datafakerStyle() {
        Map<?, ?> section = section(
                "# names",
                "en:",
                "  faker:",
                "    name:",
                "      male_first_name:",
                "      - \"Aaron\"",
                "      - 'Abe'",
                "      - Abel    # a comment",
                "",
                "      female_first_name:",
                "        - \"Abbey\"",
                "      first_name:",
                "      - \"#{female_first_name}\"",
                "      - \"#{male_first_name}\"",
                "      title:",
                "        level: [Solutions, Program]",
                "    address:",
                "      city: Springfield");
        assertEquals(List.of("Aaron", "Abe", "Abel"), section.get("male_first_name"));
        assertEquals(List.of("#{female_first_name}", "#{male_first_name}"), section.get("first_name"));
        assertEquals(List.of("aaron", "abbey", "abe", "abel"), EmbeddedNames.firstNames(section));
    }

    @Test
    void plainScalarsStayTextWhereYaml11WouldReadBooleansNullsAndNumbers() {
        Map<?, ?> section = section(
                "en:",
                "  faker:",
                "    name:",
                "      first_name:",
                "      - No",
                "      - yes",
                "      - Null",
                "      - ~",
                "      - 1e3",
                "      - 2001-12-14",
                "      - \"caf\\u00e9\"");
        assertEquals(List.of("No", "yes", "Null", "~", "1e3", "2001-12-14", "café"), section.get("first_name"));
        assertEquals(List.of("no", "null", "yes"), EmbeddedNames.firstNames(section));
    }

    @Test
    void noJavaTypeIsConstructed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> section(
                "en:",
                "  faker:",
                "    name: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"file:/x\"]]]]"));
        assertTrue(e.getMessage().startsWith("test.yml is not valid YAML: ") && e.getMessage().contains("ScriptEngineManager"),
                e.getMessage());
    }

    @Test
    void malformedYamlIsReportedWithTheSourceAndLine() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> section("en:", "  faker:", "    name:", "      first_name:", "      - \"open"));
        assertTrue(e.getMessage().startsWith("test.yml is not valid YAML: ") && e.getMessage().contains("line"),
                e.getMessage());
        IllegalStateException repeated = assertThrows(IllegalStateException.class,
                () -> section("en:", "  faker:", "    name:", "      a: [x]", "      a: [y]"));
        assertTrue(repeated.getMessage().startsWith("test.yml is not valid YAML: ")
                && repeated.getMessage().contains("duplicate key a"), repeated.getMessage());
    }

    @Test
    void aMissingSectionIsReported() {
        for (String yaml : List.of("", "en: []", "en:\n  faker:\n    address: {}", "en:\n  faker:\n    name: Smith")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EmbeddedNames.nameSection(yaml, "test.yml"));
            assertEquals("test.yml has no mapping en.faker.name; has the datafaker version changed?", e.getMessage());
        }
    }

    @Test
    void listsThatAreMissingOrNotListsOfStringsAreReported() {
        assertRefused("has no list en.faker.name.first_name", "en:", "  faker:", "    name:", "      last_name: [Smith]");
        assertRefused("has no list en.faker.name.male_first_name",
                "en:", "  faker:", "    name:", "      first_name: ['#{male_first_name}']");
        assertRefused("en/name.yml: en.faker.name.first_name is not a list: Ann",
                "en:", "  faker:", "    name:", "      first_name: Ann");
        assertRefused("en/name.yml: en.faker.name.first_name holds [Bea], not a string",
                "en:", "  faker:", "    name:", "      first_name: [Ann, [Bea]]");
        assertRefused("en/name.yml: en.faker.name.first_name holds {Ann=Bea}, not a string",
                "en:", "  faker:", "    name:", "      first_name:", "      - Ann: Bea");
        assertRefused("references nested too deeply", "en:", "  faker:", "    name:", "      first_name: ['#{first_name}']");
    }
}
