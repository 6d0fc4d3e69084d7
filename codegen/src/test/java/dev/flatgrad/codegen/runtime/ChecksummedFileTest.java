package dev.flatgrad.codegen.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checksummed envelope shared by params files and checkpoints: layout, round trips, every kind of damage. */
class ChecksummedFileTest {
    private static final ChecksummedFile FORMAT = new ChecksummedFile("TEST-MAGIC", 7, "test file");
    /** "TEST-MAGIC", version, length. */
    private static final int HEADER = 10 + 4 + 8;
    private static final byte[] PAYLOAD = "hello".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void theLayoutIsMagicVersionLengthPayloadChecksum() {
        byte[] bytes = FORMAT.wrap(PAYLOAD);
        assertEquals(HEADER, FORMAT.headerBytes());
        assertEquals(HEADER + PAYLOAD.length + ChecksummedFile.CHECKSUM_BYTES, bytes.length);
        ByteBuffer file = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[10];
        file.get(magic);
        assertEquals("TEST-MAGIC", new String(magic, StandardCharsets.US_ASCII));
        assertEquals(7, file.getInt());
        assertEquals(PAYLOAD.length, file.getLong());
        byte[] payload = new byte[PAYLOAD.length];
        file.get(payload);
        assertArrayEquals(PAYLOAD, payload);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        assertEquals((int) crc.getValue(), file.getInt(), "big-endian CRC32C of every byte before it");
    }

    @Test
    void roundTripsAndReplacesAtomically() throws IOException {
        Path file = dir.resolve("data.bin");
        byte[] large = new byte[100_000];
        new Random(1).nextBytes(large);
        for (byte[] payload : List.of(PAYLOAD, new byte[0], large)) {
            FORMAT.write(file, payload);
            assertArrayEquals(payload, FORMAT.read(file));
            assertArrayEquals(FORMAT.wrap(payload), Files.readAllBytes(file));
            assertEquals(List.of("data.bin"), listing(), "no temp file is left behind");
        }
        Path nowhere = dir.resolve("missing-dir").resolve("data.bin");
        assertThrows(IOException.class, () -> FORMAT.write(nowhere, PAYLOAD));
        assertEquals(List.of("data.bin"), listing());
    }

    @Test
    void everyTruncationIsReportedAndTheFileLeftAsItWas() throws IOException {
        byte[] whole = FORMAT.wrap(PAYLOAD);
        Path file = dir.resolve("cut.bin");
        assertEquals("test file " + file + " is truncated: the file is empty", refusal(file, new byte[0]));
        for (int cut = 1; cut < whole.length; cut++) {
            String message = refusal(file, Arrays.copyOf(whole, cut));
            String expected = cut < HEADER
                    ? "test file " + file + " is truncated: " + cut + " bytes, less than its 22-byte header"
                    : "test file " + file + " is truncated: " + cut + " bytes, but its header announces 31 (an"
                            + " interrupted copy, or a corrupted header)";
            assertEquals(expected, message, "cut at " + cut);
        }
    }

    @Test
    void everySingleBitFlipIsReported() throws IOException {
        byte[] whole = FORMAT.wrap(PAYLOAD);
        Path file = dir.resolve("flipped.bin");
        for (int at = 0; at < whole.length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = whole.clone();
                damaged[at] ^= (byte) (1 << bit);
                String message = refusal(file, damaged);
                assertTrue(message.contains(file.toString()) && message.contains(expectedProblem(damaged, at)),
                        "bit " + bit + " of byte " + at + ": " + message);
            }
        }
    }

    /** What the reader must say about a file whose byte {@code at} was changed. */
    private static String expectedProblem(byte[] damaged, int at) {
        if (at < 10) {
            return "is not a flatgrad test file: it does not start with TEST-MAGIC";
        }
        ByteBuffer header = ByteBuffer.wrap(damaged);
        if (at < 14) {
            return "has the unsupported format version " + header.getInt(10) + "; this build reads version 7";
        }
        if (at < HEADER) {
            long length = header.getLong(14);
            if (length < 0 || length > Integer.MAX_VALUE) {
                return "is corrupted: its header gives the impossible payload length " + length;
            }
            return length > PAYLOAD.length ? "is truncated: 31 bytes, but its header announces"
                    : "is corrupted: " + (PAYLOAD.length - length) + " unexpected bytes after its end";
        }
        return "is corrupted: checksum mismatch (stored CRC32C 0x";
    }

    @Test
    void aWrongMagicIsAnotherKindOfFile() throws IOException {
        Path file = dir.resolve("other.bin");
        for (byte[] other : List.of("TEST-MAGIX".getBytes(StandardCharsets.US_ASCII), "hello, world".getBytes(StandardCharsets.US_ASCII),
                new ChecksummedFile("OTHER", 7, "other file").wrap(PAYLOAD))) {
            assertEquals(file + " is not a flatgrad test file: it does not start with TEST-MAGIC", refusal(file, other));
        }
    }

    @Test
    void anotherVersionIsRefused() throws IOException {
        Path file = dir.resolve("v8.bin");
        byte[] bytes = new ChecksummedFile("TEST-MAGIC", 8, "test file").wrap(PAYLOAD);
        assertEquals("test file " + file + " has the unsupported format version 8; this build reads version 7",
                refusal(file, bytes));
    }

    @Test
    void aLengthFieldThatLiesIsCaughtEvenWithAValidChecksum() throws IOException {
        Path file = dir.resolve("lying.bin");
        assertEquals("test file " + file + " is truncated: 31 bytes, but its header announces 32 (an interrupted copy,"
                + " or a corrupted header)", refusal(file, withLength(6)));
        assertEquals("test file " + file + " is corrupted: 1 unexpected bytes after its end (30 bytes)",
                refusal(file, withLength(4)));
        for (long impossible : new long[] {-1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE}) {
            assertEquals("test file " + file + " is corrupted: its header gives the impossible payload length "
                    + impossible, refusal(file, withLength(impossible)));
        }
    }

    @Test
    void bytesAfterTheChecksumAreCorruption() throws IOException {
        Path file = dir.resolve("long.bin");
        byte[] whole = FORMAT.wrap(PAYLOAD);
        assertEquals("test file " + file + " is corrupted: 3 unexpected bytes after its end (31 bytes)",
                refusal(file, Arrays.copyOf(whole, whole.length + 3)));
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("none.bin");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FORMAT.read(file));
        assertEquals("test file " + file + " does not exist", e.getMessage());
    }

    @Test
    void theMagicMustBeAscii() {
        assertThrows(IllegalArgumentException.class, () -> new ChecksummedFile("", 1, "x"));
        assertThrows(IllegalArgumentException.class, () -> new ChecksummedFile("CAFÉ", 1, "x"));
    }

    /** Writes {@code bytes} to {@code file}, reads it, and returns why it was refused; the file must be unchanged. */
    private static String refusal(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FORMAT.read(file));
        assertArrayEquals(bytes, Files.readAllBytes(file), "reading leaves the file as it was");
        return e.getMessage();
    }

    /** The file of {@link #PAYLOAD} with {@code length} in its header and a checksum that matches. */
    private static byte[] withLength(long length) {
        byte[] bytes = FORMAT.wrap(PAYLOAD);
        ByteBuffer.wrap(bytes).putLong(14, length);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
