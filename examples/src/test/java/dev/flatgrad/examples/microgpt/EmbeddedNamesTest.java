package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EmbeddedNamesTest {
    private static String resourceText() throws IOException {
        try (InputStream in = EmbeddedNamesTest.class.getClassLoader().getResourceAsStream(EmbeddedNames.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void datafaker270Gives5164Names() {
        assertEquals("2.7.0", EmbeddedNames.datafakerVersion());
        assertEquals(5_164, EmbeddedNames.names().size());
        assertEquals("embedded English first names from datafaker 2.7.0 (5,164 documents)",
                EmbeddedNames.documents().description());
    }

    @Test
    void lowercaseLettersOnlySortedDistinct() {
        List<String> names = EmbeddedNames.names();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            assertTrue(name.matches("[a-z]+"), name);
            if (i > 0) {
                assertTrue(names.get(i - 1).compareTo(name) < 0, names.get(i - 1) + " before " + name);
            }
        }
        assertEquals("aaron", names.get(0));
        assertEquals("zulma", names.get(names.size() - 1));
        assertThrows(UnsupportedOperationException.class, () -> names.add("x"));
        assertSame(names, EmbeddedNames.names()); // cached
    }

    @Test
    void containsCommonNames() {
        for (String name : List.of("emma", "olivia", "ava", "sophia", "mary", "james", "john", "william", "michael", "noah")) {
            assertTrue(EmbeddedNames.names().contains(name), name);
        }
    }

    @Test
    void fitsMicrogptsVocabularyAndContext() {
        Tokenizer t = Tokenizer.fromDocuments(EmbeddedNames.documents());
        assertEquals("abcdefghijklmnopqrstuvwxyz", t.chars());
        assertEquals(27, t.vocabSize());
        int longest = EmbeddedNames.names().stream().mapToInt(String::length).max().orElseThrow();
        assertTrue(longest < GptConfig.MICROGPT.blockSize(), "longest name has " + longest + " letters");
    }

    @Test
    void isTheUnionOfDatafakersMaleAndFemaleLists() throws IOException {
        Map<?, ?> section = EmbeddedNames.nameSection(resourceText(), EmbeddedNames.RESOURCE);
        List<?> male = (List<?>) section.get("male_first_name");
        List<?> female = (List<?>) section.get("female_first_name");
        assertEquals(1_220, male.size());
        assertEquals(4_272, female.size());
        assertEquals(List.of("#{female_first_name}", "#{male_first_name}"), section.get("first_name"));
        TreeSet<String> union = new TreeSet<>();
        male.forEach(n -> union.add(((String) n).toLowerCase(Locale.ROOT)));
        female.forEach(n -> union.add(((String) n).toLowerCase(Locale.ROOT)));
        assertEquals(List.copyOf(union), EmbeddedNames.names()); // nothing is dropped by the a–z filter in 2.7.0
    }

    @Test
    void resolvesReferencesFiltersDeduplicatesAndSorts() {
        Map<String, List<String>> section = Map.of(
                "first_name", List.of("#{female_first_name}", "#{male_first_name}", "Zed", "#{last_name} x"),
                "female_first_name", List.of("Mary Ann", "Zoë", "ann", "O'Hara", "Ann", "Bea-Lee", "Eve"),
                "male_first_name", List.of("Adam", "ANN"),
                "last_name", List.of("Smith"));
        assertEquals(List.of("adam", "ann", "eve", "zed"), EmbeddedNames.firstNames(section));
    }

    @Test
    void missingListsAreReported() {
        IllegalStateException noFirst = assertThrows(IllegalStateException.class,
                () -> EmbeddedNames.firstNames(Map.of("last_name", List.of("Smith"))));
        assertTrue(noFirst.getMessage().contains("en.faker.name.first_name"), noFirst.getMessage());
        IllegalStateException badRef = assertThrows(IllegalStateException.class,
                () -> EmbeddedNames.firstNames(Map.of("first_name", List.of("#{nick_name}"))));
        assertTrue(badRef.getMessage().contains("en.faker.name.nick_name"), badRef.getMessage());
    }
}
