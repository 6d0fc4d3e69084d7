package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    private static final List<String> DOCS = List.of("emma", "olivia", "ava");

    @Test
    void idsAreSortedCharactersAndBosComesLast() {
        Tokenizer t = Tokenizer.fromDocuments(DOCS);
        assertEquals("aeilmov", t.chars()); // sorted(set('emmaoliviaava'))
        assertEquals(7, t.charCount());
        assertEquals(7, t.bos());
        assertEquals(8, t.vocabSize());
        assertArrayEquals(new int[] {7, 0, 6, 0, 7}, t.encode("ava"));
        assertArrayEquals(new int[] {7, 7}, t.encode(""));
    }

    @Test
    void sortsByCodePointLikePythonNotByUtf16Units() {
        // U+FB01 (ﬁ) < U+1F600 (😀) by code point, but the emoji's high surrogate U+D83D sorts first in UTF-16
        Tokenizer t = Tokenizer.fromDocuments(List.of("z\uFB01", "😀a"));
        assertEquals("az\uFB01😀", t.chars()); // Python: ''.join(sorted(set('zﬁ' + '😀a')))
        assertEquals(4, t.charCount());
        assertEquals(5, t.vocabSize());
        assertArrayEquals(new int[] {4, 3, 0, 4}, t.encode("😀a"));
        assertEquals("😀", t.decode(3));
        assertEquals(2, t.decode(3).length()); // one token, two Java chars

        TreeSet<String> utf16Order = new TreeSet<>(List.of("z", "\uFB01", "😀", "a"));
        assertNotEquals(String.join("", utf16Order), t.chars()); // what a naive String sort would give
    }

    @Test
    void roundTrip() {
        List<String> docs = List.of("emma", "józef", "日本😀", "mary ann");
        Tokenizer t = Tokenizer.fromDocuments(docs);
        for (String doc : docs) {
            int[] tokens = t.encode(doc);
            assertEquals(t.bos(), tokens[0]);
            assertEquals(t.bos(), tokens[tokens.length - 1]);
            StringBuilder back = new StringBuilder();
            for (int i = 1; i < tokens.length - 1; i++) {
                assertTrue(tokens[i] >= 0 && tokens[i] < t.bos());
                back.append(t.decode(tokens[i]));
            }
            assertEquals(doc, back.toString());
        }
    }

    @Test
    void unknownCharacterNamesCharacterAndDocument() {
        Tokenizer t = Tokenizer.fromDocuments(DOCS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.encode("lové"));
        assertTrue(e.getMessage().contains("'é' (U+00E9)"), e.getMessage());
        assertTrue(e.getMessage().contains("\"lové\""), e.getMessage());
        IllegalArgumentException tab = assertThrows(IllegalArgumentException.class, () -> t.encode("a\tb"));
        assertTrue(tab.getMessage().contains("U+0009"), tab.getMessage());
    }

    @Test
    void decodeRejectsBosAndOutOfRange() {
        Tokenizer t = Tokenizer.fromDocuments(DOCS);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.decode(7)).getMessage().contains("BOS"));
        assertThrows(IllegalArgumentException.class, () -> t.decode(8));
        assertThrows(IllegalArgumentException.class, () -> t.decode(-1));
    }

    @Test
    void rebuildsFromSavedCharacters() {
        Tokenizer t = Tokenizer.fromDocuments(List.of("z\uFB01", "😀a"));
        Tokenizer restored = Tokenizer.of(t.chars());
        assertEquals(t, restored);
        assertEquals(t.hashCode(), restored.hashCode());
        assertArrayEquals(t.encode("a😀z"), restored.encode("a😀z"));
        assertEquals(Tokenizer.fromDocuments(List.of("abc")), Tokenizer.of("abc"));
    }

    @Test
    void savedCharactersMustBeSortedAndDistinct() {
        IllegalArgumentException unsorted = assertThrows(IllegalArgumentException.class, () -> Tokenizer.of("bac"));
        assertTrue(unsorted.getMessage().contains("'a' (U+0061) follows 'b' (U+0062)"), unsorted.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.of("abb"));
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.of("😀\uFB01")); // UTF-16 order, not code-point order
    }

    @Test
    void fromDocuments() {
        Documents docs = new Documents(DOCS, "test");
        assertEquals(Tokenizer.fromDocuments(DOCS), Tokenizer.fromDocuments(docs));
    }
}
