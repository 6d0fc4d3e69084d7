package dev.flatgrad.examples.microgpt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentsTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(UTF_8));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    // ---- strip semantics, checked against CPython 3.11 ----

    @Test
    void stripsLikePythonAndDropsBlankLines() throws IOException {
        Path file = write("names.txt",
                "  anna  \n\tbob\t\r\n\r\n   \n\u000B\f\nmary ann\n\u00e9mile\u00A0\n\u3000zo\u00eb\u2029\r\n\u2007last");
        Documents docs = Documents.load(file);
        // internal spaces kept; U+00A0, U+3000, U+2029, U+2007 stripped (Java's String.strip keeps U+00A0 and U+2007)
        assertEquals(List.of("anna", "bob", "mary ann", "émile", "zoë", "last"), docs.documents());
        assertEquals("names.txt (6 documents)", docs.description());
        assertEquals(6, docs.size());
    }

    @Test
    void universalNewlines() throws IOException {
        assertEquals(List.of("a", "b", "c", "d"), Documents.load(write("mixed.txt", "a\r\nb\rc\nd\r")).documents());
        assertEquals(List.of("a", "b"), Documents.load(write("cr.txt", "a\r\r\rb")).documents());
    }

    @Test
    void onlyNewlinesEndLinesNotOtherUnicodeSeparators() throws IOException {
        // iterating a Python file splits on \n only (after \r\n and \r became \n), unlike str.splitlines()
        Documents docs = Documents.load(write("seps.txt", "a\u0085b\u2028c\u001Cd\n"));
        assertEquals(List.of("a\u0085b\u2028c\u001Cd"), docs.documents());
    }

    @Test
    void unicodeLettersAndSupplementaryCharactersAreKept() throws IOException {
        Documents docs = Documents.load(write("u.txt", "józef\n\u00c5sa\n😀ok\n日本\n"));
        assertEquals(List.of("józef", "Åsa", "😀ok", "日本"), docs.documents());
    }

    @Test
    void byteOrderMarkIsKeptAsPythonsUtf8CodecDoes() throws IOException {
        // Python: open(f, encoding='utf-8') keeps U+FEFF and str.strip() does not remove it
        Documents docs = Documents.load(write("bom.txt", concat(bytes(0xEF, 0xBB, 0xBF), "anna\nbob\n".getBytes(UTF_8))));
        assertEquals(List.of("\uFEFFanna", "bob"), docs.documents());
    }

    @Test
    void documentsLongerThanTheContextAreNotAnError() throws IOException {
        String longDoc = "x".repeat(1000);
        assertEquals(List.of(longDoc), Documents.load(write("long.txt", longDoc + "\n")).documents());
        assertEquals("long.txt (1 document)", Documents.load(write("long.txt", longDoc)).description());
    }

    @Test
    void descriptionsGroupThousands() {
        assertEquals("x (1 document)", Documents.describe("x", 1));
        assertEquals("x (999 documents)", Documents.describe("x", 999));
        assertEquals("x (1,000 documents)", Documents.describe("x", 1000));
        assertEquals("x (32,033 documents)", Documents.describe("x", 32_033));
        assertEquals("x (1,234,567 documents)", Documents.describe("x", 1_234_567));
    }

    @Test
    void documentsAreImmutableAndNeverEmpty() throws IOException {
        Documents docs = Documents.load(write("a.txt", "a\nb\n"));
        assertThrows(UnsupportedOperationException.class, () -> docs.documents().add("c"));
        assertThrows(IllegalArgumentException.class, () -> new Documents(Collections.emptyList(), "nothing"));
    }

    // ---- errors: each names the problem and the absolute path ----

    private static void assertMentions(DataException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message \"" + e.getMessage() + "\" lacks \"" + part + "\"");
        }
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.txt");
        DataException e = assertThrows(DataException.class, () -> Documents.load(missing));
        assertMentions(e, "not found", missing.toAbsolutePath().toString());
    }

    @Test
    void missingRelativeFileIsReportedWithItsAbsolutePath() {
        Path relative = Path.of("no-such-dir-4711", "input.txt");
        DataException e = assertThrows(DataException.class, () -> Documents.load(relative));
        assertMentions(e, "not found", relative.toAbsolutePath().toString());
    }

    @Test
    void directory() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("data"));
        DataException e = assertThrows(DataException.class, () -> Documents.load(sub));
        assertMentions(e, "is a directory", sub.toAbsolutePath().toString());
    }

    @Test
    void unreadable() throws IOException {
        Path file = write("secret.txt", "anna\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no POSIX permissions on this file system");
        }
        Assumptions.assumeFalse(Files.isReadable(file), "running as root (or similar): a mode-000 file is still readable");
        DataException e = assertThrows(DataException.class, () -> Documents.load(file));
        assertMentions(e, "Cannot read", "permission denied", file.toAbsolutePath().toString());
    }

    @Test
    void emptyFile() throws IOException {
        Path file = write("empty.txt", new byte[0]);
        DataException e = assertThrows(DataException.class, () -> Documents.load(file));
        assertMentions(e, "is empty", file.toAbsolutePath().toString());
    }

    @Test
    void blankOnlyFile() throws IOException {
        Path file = write("blank.txt", "  \n\t\r\n\u00A0\n\n");
        DataException e = assertThrows(DataException.class, () -> Documents.load(file));
        assertMentions(e, "no documents", "4 lines are all blank", file.toAbsolutePath().toString());
        Path one = write("one.txt", " ");
        assertMentions(assertThrows(DataException.class, () -> Documents.load(one)), "1 line is blank");
    }

    @Test
    void invalidUtf8NamesFileOffsetLineAndBytes() throws IOException {
        Path file = write("latin1.txt", concat("anna\nbob\njos".getBytes(UTF_8), bytes(0xC3, 0x28, '\n')));
        DataException e = assertThrows(DataException.class, () -> Documents.load(file));
        assertMentions(e, "not valid UTF-8", file.toAbsolutePath().toString(),
                "byte 0xC3", "byte offset 12", "line 3", "after \"jos\"");
    }

    @Test
    void invalidUtf8AfterCarriageReturnLineEndings() throws IOException {
        Path file = write("cr.txt", concat("a\r\nb\rc\r".getBytes(UTF_8), bytes(0xFF)));
        assertMentions(assertThrows(DataException.class, () -> Documents.load(file)),
                "byte 0xFF", "byte offset 7", "line 4");
    }

    @Test
    void otherMalformedUtf8IsRejectedToo() throws IOException {
        int[][] cases = {
            {0xE2, 0x82},       // truncated at end of file (€ is E2 82 AC)
            {0x80},             // stray continuation byte
            {0xC0, 0xAF},       // overlong '/'
            {0xED, 0xA0, 0x80}, // encoded surrogate U+D800
            {0xF4, 0x90, 0x80, 0x80}, // above U+10FFFF
        };
        for (int[] c : cases) {
            Path file = write("bad.txt", concat("ok\n".getBytes(UTF_8), bytes(c)));
            DataException e = assertThrows(DataException.class, () -> Documents.load(file));
            assertMentions(e, "not valid UTF-8", "byte offset 3", "line 2", String.format("0x%02X", c[0]));
        }
    }

    // ---- resolveDefault: input.txt in the working directory, else the embedded names ----

    @Test
    void resolveDefaultPrefersInputTxt() throws IOException {
        write("input.txt", "anna\nbob\n");
        Documents docs = Documents.resolveDefault(dir);
        assertEquals(List.of("anna", "bob"), docs.documents());
        assertEquals("input.txt (2 documents)", docs.description());
    }

    @Test
    void resolveDefaultFallsBackToEmbeddedNames() {
        Documents docs = Documents.resolveDefault(dir);
        assertSame(EmbeddedNames.names(), docs.documents());
        assertTrue(docs.description().startsWith("embedded English first names from datafaker "), docs.description());
    }

    @Test
    void resolveDefaultReportsAnUnusableInputTxtInsteadOfFallingBack() throws IOException {
        write("input.txt", "\n\n");
        assertMentions(assertThrows(DataException.class, () -> Documents.resolveDefault(dir)), "input.txt", "no documents");
        Files.delete(dir.resolve("input.txt"));
        Files.createDirectory(dir.resolve("input.txt"));
        assertMentions(assertThrows(DataException.class, () -> Documents.resolveDefault(dir)), "input.txt", "is a directory");
    }

    // ---- the real dataset ----

    @Test
    void realNamesTxt() {
        Path names = SharedData.namesTxt();
        Documents docs = Documents.load(names);
        assertEquals(32_033, docs.size());
        assertEquals("names.txt (32,033 documents)", docs.description());
        Tokenizer tokenizer = Tokenizer.fromDocuments(docs);
        assertEquals("abcdefghijklmnopqrstuvwxyz", tokenizer.chars());
        assertEquals(26, tokenizer.bos());
        assertEquals(27, tokenizer.vocabSize());
        assertEquals(GptConfig.MICROGPT.vocabSize(), tokenizer.vocabSize());
    }
}
