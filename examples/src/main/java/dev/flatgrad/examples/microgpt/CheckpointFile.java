package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.runtime.AtomicWrite;
import dev.flatgrad.codegen.runtime.ChecksummedFile;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes {@link Checkpoint}s as binary files. All numbers are big-endian:
 *
 * <pre>
 * header   "FLATGRAD-CKPT" (13 ASCII bytes), int format version (3), long payload length
 * payload  config: int vocab_size, n_embd, n_layer, n_head, block_size
 *          string precision, string numerics ("exact" or "fast"; not in version 1, which is still read),
 *          string tokenizer characters
 *          string dataset fingerprint (64 hex digits; not in version 1)
 *          int step, int total steps, double learning rate, int batch size, long seed
 *          int n + n bytes of random generator state, int Adam step count
 *          int param count, per param: string name, int rank, rank x int dims,
 *                                      then its values, Adam m and Adam v (each product(dims) doubles)
 *          int n + n doubles: the losses of the last n steps up to step (not in versions 1 and 2)
 * trailer  int CRC32C of every byte before it
 * </pre>
 *
 * A string is an int byte count and its UTF-8 bytes; a double its IEEE 754 bits, so values come back bit for
 * bit. Header and trailer are a {@link ChecksummedFile} envelope: writing replaces the file atomically
 * ({@link AtomicWrite}); reading checks magic, version, length and checksum before trusting any field. Every
 * failure is a {@link CheckpointException} naming the file.
 */
public final class CheckpointFile {
    /**
     * Version 2 added the numerics and the dataset fingerprint (version 1 files are read as exact, with an unknown
     * dataset); version 3 the losses (older files are read without any).
     */
    private static final ChecksummedFile ENVELOPE = new ChecksummedFile("FLATGRAD-CKPT", 1, 3, "checkpoint");

    private CheckpointFile() {
    }

    /**
     * Writes {@code checkpoint} to {@code file}, atomically replacing any file there: after a failure or a crash
     * the file is either the old one, untouched, or the complete new one.
     */
    public static void write(Path file, Checkpoint checkpoint) {
        byte[] bytes = encode(checkpoint);
        write(file, out -> out.write(bytes));
    }

    /** The atomic replacement with any content; the tests use it to fail half-way. */
    static void write(Path file, AtomicWrite.Content content) {
        try {
            AtomicWrite.replace(file, content);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("could not write checkpoint " + file + ": " + e
                    + "; any previous checkpoint there is unchanged", e);
        }
    }

    /** Reads and verifies the checkpoint in {@code file}. */
    public static Checkpoint read(Path file) {
        ChecksummedFile.Contents contents;
        try {
            contents = ENVELOPE.readContents(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
        ByteBuffer payload = ByteBuffer.wrap(contents.payload());
        try {
            Checkpoint checkpoint = decodePayload(payload, contents.version());
            if (payload.hasRemaining()) {
                throw new IllegalArgumentException(payload.remaining() + " unused bytes after the last field");
            }
            return checkpoint;
        } catch (BufferUnderflowException e) {
            throw new CheckpointException("checkpoint " + file + " has inconsistent contents: its fields run past"
                    + " the length its header gives", e);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint " + file + " has inconsistent contents: " + e.getMessage(), e);
        }
    }

    /** Whether {@code file} starts as a checkpoint does: it is one, though maybe a damaged one. */
    static boolean looksLikeCheckpoint(Path file) throws IOException {
        return ENVELOPE.hasMagic(file);
    }

    // ---- writing ----

    /** The whole file: header, payload and checksum. */
    static byte[] encode(Checkpoint c) {
        return ENVELOPE.wrap(payload(c));
    }

    private static byte[] payload(Checkpoint c) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buffer);
            GptConfig config = c.config();
            out.writeInt(config.vocabSize());
            out.writeInt(config.nEmbd());
            out.writeInt(config.nLayer());
            out.writeInt(config.nHead());
            out.writeInt(config.blockSize());
            writeString(out, c.precision());
            writeString(out, c.numerics());
            writeString(out, c.tokenizerChars());
            writeString(out, c.dataFingerprint());
            out.writeInt(c.step());
            out.writeInt(c.totalSteps());
            writeDouble(out, c.learningRate());
            out.writeInt(c.batchSize());
            out.writeLong(c.seed());
            byte[] rng = c.rngState();
            out.writeInt(rng.length);
            out.write(rng);
            out.writeInt(c.optimizerSteps());
            out.writeInt(c.params().size());
            for (Checkpoint.Param p : c.params()) {
                writeString(out, p.name());
                int[] shape = p.shape();
                out.writeInt(shape.length);
                for (int d : shape) {
                    out.writeInt(d);
                }
                writeDoubles(out, p.values());
                writeDoubles(out, p.m());
                writeDoubles(out, p.v());
            }
            double[] losses = c.losses();
            out.writeInt(losses.length);
            writeDoubles(out, losses);
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void writeDouble(DataOutputStream out, double d) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(d));
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        for (double d : values) {
            writeDouble(out, d);
        }
    }

    // ---- reading ----

    /** Decodes the fields; throws IllegalArgumentException or BufferUnderflowException if they do not hold together. */
    private static Checkpoint decodePayload(ByteBuffer in, int version) {
        GptConfig config = new GptConfig(in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt());
        String precision = readString(in);
        String numerics = version >= 2 ? readString(in) : "exact";
        String tokenizerChars = readString(in);
        String dataFingerprint = version >= 2 ? readString(in) : "";
        int step = in.getInt();
        int totalSteps = in.getInt();
        double learningRate = in.getDouble();
        int batchSize = in.getInt();
        long seed = in.getLong();
        byte[] rng = new byte[readCount(in, 1, "random generator state")];
        in.get(rng);
        int optimizerSteps = in.getInt();
        int paramCount = readCount(in, 1, "params");
        List<Checkpoint.Param> params = new ArrayList<>(paramCount);
        for (int i = 0; i < paramCount; i++) {
            String name = readString(in);
            int[] shape = new int[readCount(in, Integer.BYTES, "dimensions of param '" + name + "'")];
            long count = 1;
            for (int a = 0; a < shape.length; a++) {
                shape[a] = in.getInt();
                if (shape[a] < 1) {
                    throw new IllegalArgumentException("param '" + name + "' has shape " + Arrays.toString(shape)
                            + " with a dimension < 1");
                }
                count = Math.min(count * shape[a], Integer.MAX_VALUE + 1L);
            }
            if (3 * Double.BYTES * count > in.remaining()) {
                throw new IllegalArgumentException("param '" + name + "' of shape " + Arrays.toString(shape)
                        + " needs more bytes than are left");
            }
            params.add(new Checkpoint.Param(name, shape, readDoubles(in, (int) count), readDoubles(in, (int) count),
                    readDoubles(in, (int) count)));
        }
        double[] losses = version >= 3 ? readDoubles(in, readCount(in, Double.BYTES, "losses")) : new double[0];
        return new Checkpoint(config, precision, numerics, tokenizerChars, dataFingerprint, step, totalSteps, learningRate, batchSize, seed,
                rng, optimizerSteps, params, losses);
    }

    /** A non-negative count of items of {@code itemBytes} each that must fit in what is left. */
    private static int readCount(ByteBuffer in, int itemBytes, String what) {
        int n = in.getInt();
        if (n < 0 || (long) n * itemBytes > in.remaining()) {
            throw new IllegalArgumentException("the count of " + what + " (" + n + ") does not fit in the "
                    + in.remaining() + " bytes left");
        }
        return n;
    }

    private static String readString(ByteBuffer in) {
        byte[] utf8 = new byte[readCount(in, 1, "string bytes")];
        in.get(utf8);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a string is not valid UTF-8", e);
        }
    }

    private static double[] readDoubles(ByteBuffer in, int count) {
        double[] values = new double[count];
        in.asDoubleBuffer().get(values);
        in.position(in.position() + count * Double.BYTES);
        return values;
    }
}
