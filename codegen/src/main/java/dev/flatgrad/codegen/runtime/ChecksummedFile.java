package dev.flatgrad.codegen.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A file format that wraps one payload in a checksummed envelope, big-endian:
 *
 * <pre>
 * magic     the format's name in ASCII, e.g. "FLATGRAD-CKPT"
 * version   int, the payload's format version
 * length    long, the payload's byte count
 * payload
 * checksum  int, CRC32C of every byte before it
 * </pre>
 *
 * Writing replaces the file atomically ({@link AtomicWrite}). Reading checks magic, version, length and
 * checksum, in that order, before the payload is handed over, so a caller decodes only what was written whole.
 * Every failure names the file and what is wrong with it.
 */
public final class ChecksummedFile {
    public static final int CHECKSUM_BYTES = Integer.BYTES;
    /** Larger files cannot be read into one array. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 64;

    private final byte[] magic;
    private final int oldestVersion;
    private final int version;
    private final String kind;

    /** A verified file's payload and the format version it was written in. */
    public record Contents(int version, byte[] payload) {
    }

    /**
     * @param magic the first bytes of every such file, ASCII
     * @param version the only payload format version read and written
     * @param kind what such a file is called in messages, e.g. {@code "checkpoint"}
     */
    public ChecksummedFile(String magic, int version, String kind) {
        this(magic, version, version, kind);
    }

    /**
     * A format that writes {@code version} and still reads payloads of the versions from {@code oldestVersion} on.
     */
    public ChecksummedFile(String magic, int oldestVersion, int version, String kind) {
        if (magic.isEmpty() || !StandardCharsets.US_ASCII.newEncoder().canEncode(magic)) {
            throw new IllegalArgumentException("magic must be non-empty ASCII, got \"" + magic + "\"");
        }
        if (oldestVersion > version) {
            throw new IllegalArgumentException("oldest version " + oldestVersion + " is newer than version " + version);
        }
        this.magic = magic.getBytes(StandardCharsets.US_ASCII);
        this.oldestVersion = oldestVersion;
        this.version = version;
        this.kind = kind;
    }

    /** Whether the file starts with this format's magic: it is such a file, though maybe a damaged one. */
    public boolean hasMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(magic.length), magic);
        }
    }

    /** Magic, version and payload length. */
    public int headerBytes() {
        return magic.length + Integer.BYTES + Long.BYTES;
    }

    /** The whole file for {@code payload}: header, payload and checksum. */
    public byte[] wrap(byte[] payload) {
        if ((long) headerBytes() + payload.length + CHECKSUM_BYTES > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("a " + payload.length + "-byte payload is too large for a " + kind);
        }
        int end = headerBytes() + payload.length;
        ByteBuffer bytes = ByteBuffer.allocate(end + CHECKSUM_BYTES);
        bytes.put(magic).putInt(version).putLong(payload.length).put(payload);
        bytes.putInt(crc(bytes.array(), end));
        return bytes.array();
    }

    /**
     * Writes {@code payload} to {@code file} in the envelope, atomically replacing any file there: after a
     * failure or a crash the file is either the old one, untouched, or the complete new one.
     */
    public void write(Path file, byte[] payload) throws IOException {
        byte[] bytes = wrap(payload);
        AtomicWrite.replace(file, out -> out.write(bytes));
    }

    /**
     * The payload of {@code file}, once its magic, version, length and checksum are verified.
     *
     * @throws IllegalArgumentException if the file does not exist or is not a whole, intact file of this format
     * @throws UncheckedIOException if it cannot be read
     */
    public byte[] read(Path file) {
        return readContents(file).payload();
    }

    /** As {@link #read}, with the version the payload was written in. */
    public Contents readContents(Path file) {
        byte[] bytes = readBytes(file);
        int fileVersion = verify(file, bytes);
        return new Contents(fileVersion, Arrays.copyOfRange(bytes, headerBytes(), bytes.length - CHECKSUM_BYTES));
    }

    private byte[] readBytes(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(file + " is not a flatgrad " + kind + ": at " + size
                        + " bytes it is too large to be one");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(kind + " " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + kind + " " + file + ": " + e, e);
        }
    }

    /** Checks the envelope and returns the file's format version. */
    private int verify(Path file, byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException(kind + " " + file + " is truncated: the file is empty");
        }
        int magicBytes = Math.min(bytes.length, magic.length);
        if (!Arrays.equals(bytes, 0, magicBytes, magic, 0, magicBytes)) {
            throw new IllegalArgumentException(file + " is not a flatgrad " + kind + ": it does not start with "
                    + new String(magic, StandardCharsets.US_ASCII));
        }
        if (bytes.length < headerBytes()) {
            throw new IllegalArgumentException(kind + " " + file + " is truncated: " + bytes.length
                    + " bytes, less than its " + headerBytes() + "-byte header");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, magic.length, Integer.BYTES + Long.BYTES);
        int fileVersion = header.getInt();
        if (fileVersion < oldestVersion || fileVersion > version) {
            throw new IllegalArgumentException(kind + " " + file + " has the unsupported format version " + fileVersion
                    + "; this build reads " + (oldestVersion == version ? "version " + version
                            : "versions " + oldestVersion + " to " + version));
        }
        long payloadBytes = header.getLong();
        if (payloadBytes < 0 || payloadBytes > MAX_FILE_BYTES - headerBytes() - CHECKSUM_BYTES) {
            throw new IllegalArgumentException(kind + " " + file + " is corrupted: its header gives the impossible"
                    + " payload length " + payloadBytes);
        }
        long expected = headerBytes() + payloadBytes + CHECKSUM_BYTES;
        if (bytes.length < expected) {
            throw new IllegalArgumentException(kind + " " + file + " is truncated: " + bytes.length
                    + " bytes, but its header announces " + expected + " (an interrupted copy, or a corrupted header)");
        }
        if (bytes.length > expected) {
            throw new IllegalArgumentException(kind + " " + file + " is corrupted: " + (bytes.length - expected)
                    + " unexpected bytes after its end (" + expected + " bytes)");
        }
        int end = bytes.length - CHECKSUM_BYTES;
        int stored = ByteBuffer.wrap(bytes).getInt(end);
        int computed = crc(bytes, end);
        if (stored != computed) {
            throw new IllegalArgumentException(kind + " " + file + " is corrupted: checksum mismatch (stored CRC32C "
                    + hex(stored) + ", computed " + hex(computed) + ")");
        }
        return fileVersion;
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
