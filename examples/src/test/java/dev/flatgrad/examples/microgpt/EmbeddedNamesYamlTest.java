package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link YamlLists}, the small YAML list extractor behind {@link EmbeddedNames}. */
class EmbeddedNamesYamlTest {
    private static Map<String, List<String>> parse(String... lines) {
        return YamlLists.parse(String.join("\n", lines), "test.yml");
    }

    private static void assertRejected(String expected, String... lines) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(lines));
        assertTrue(e.getMessage().startsWith("test.yml line ") && e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void datafakerStyle() {
        Map<String, List<String>> lists = parse(
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
                "      title:",
                "        descriptor:",
                "        - \"Lead\"",
                "        level: [Solutions, Program]",
                "    address:",
                "      city: Springfield",
                "      street:",
                "      - Main St.");
        assertEquals(Map.of(
                "en.faker.name.male_first_name", List.of("Aaron", "Abe", "Abel"),
                "en.faker.name.female_first_name", List.of("Abbey"),
                "en.faker.name.first_name", List.of("#{female_first_name}"),
                "en.faker.name.title.descriptor", List.of("Lead"),
                "en.faker.address.street", List.of("Main St.")), lists);
        assertEquals(List.of("en.faker.name.male_first_name", "en.faker.name.female_first_name",
                "en.faker.name.first_name", "en.faker.name.title.descriptor", "en.faker.address.street"),
                List.copyOf(lists.keySet())); // file order
    }

    @Test
    void quotingAndEscapes() {
        Map<String, List<String>> lists = parse(
                "---",
                "\"quoted key\":",
                "- \"caf\\u00e9 \\\"x\\\" \\\\ \\t\\x41\\U0001F600\"",
                "- 'it''s # not a comment'",
                "- \"# not a comment either\"  # but this is",
                "- plain#hash",
                "- 'a: b'",
                "- 42");
        assertEquals(List.of("café \"x\" \\ \tA😀", "it's # not a comment", "# not a comment either",
                "plain#hash", "a: b", "42"), lists.get("quoted key"));
    }

    @Test
    void crlfLineEndings() {
        assertEquals(Map.of("a.b", List.of("x", "y")), YamlLists.parse("a:\r\n  b:\r\n  - x\r\n  - \"y\"\r\n", "t"));
    }

    @Test
    void rejectsWhatItDoesNotUnderstandWithLineNumbers() {
        assertRejected("line 3: expected 'key:' or '- item'", "a:", "  b: some long", "    continued text");
        assertRejected("line 2: tab in indentation", "a:", "\t- x");
        assertRejected("line 2: a mapping inside a list", "a:", "- key: value");
        assertRejected("line 2: unsupported list item", "a:", "- |");
        assertRejected("line 2: unsupported list item", "a:", "- &anchor x");
        assertRejected("line 2: unsupported list item", "a:", "- - nested");
        assertRejected("line 2: unsupported list item", "a:", "- [x, y]");
        assertRejected("line 2: unterminated \"quoted\" string", "a:", "- \"open");
        assertRejected("line 2: unexpected", "a:", "- \"x\" y");
        assertRejected("line 2: unknown escape", "a:", "- \"\\q\"");
        assertRejected("line 1: list item outside a list", "- x");
        assertRejected("line 2: list item outside a list", "a: value", "- x");
        assertRejected("line 3: list item outside a list", "a:", "  b:", "- x");
        assertRejected("line 3: list item indented by 4 spaces", "a:", "  - x", "    - y");
        assertRejected("line 3: key 'b' after list items of 'a'", "a:", "  - x", "    b:");
        assertRejected("line 2: empty list item", "a:", "- # nothing");
        assertRejected("line 3: a second YAML document", "---", "a:", "---");
        assertRejected("line 7: a second list for the repeated key a.b", "a:", "  b:", "  - x", "c:", "a:", "  b:", "  - y");
    }
}
