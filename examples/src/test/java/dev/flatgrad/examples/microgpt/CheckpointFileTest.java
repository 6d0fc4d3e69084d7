package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.emission.BufferRole;
import dev.flatgrad.codegen.runtime.ChecksummedFile;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** {@link Checkpoint} and {@link CheckpointFile}: round trips, atomic replacement, damaged files, mismatches. */
class CheckpointFileTest {
    private static final GptConfig CONFIG = new GptConfig(5, 8, 1, 2, 4);
    /** Four characters for vocab size 5 (BOS excluded), two outside ASCII and one outside the BMP. */
    private static final String CHARS = "a\u00e9\u00df\ud83d\ude00";
    private static final String FINGERPRINT = DatasetFingerprint.of(List.of("a\u00e9", "\u00df\ud83d\ude00"));
    /** Values that a careless encoding would change: signed zero, subnormals, extremes. */
    private static final double[] SPECIAL = {-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310,
        Double.MIN_NORMAL, -Double.MIN_NORMAL / 3, Double.MAX_VALUE, -Double.MAX_VALUE, Math.nextUp(1.0), 1.0 / 3};

    @TempDir
    Path dir;

    // ---- round trip and atomic replacement ----

    @Test
    void roundTripKeepsEveryFieldBitForBit() {
        for (String precision : List.of("f64", "f32")) {
            Checkpoint original = sample(precision, 7);
            Path file = dir.resolve("run-" + precision + ".ckpt");
            CheckpointFile.write(file, original);
            Checkpoint back = CheckpointFile.read(file);

            assertEquals(original, back);
            assertEquals(CONFIG, back.config());
            assertEquals(precision, back.precision());
            assertEquals(CHARS, back.tokenizerChars());
            assertEquals(7, back.step());
            assertEquals(300, back.totalSteps());
            assertEquals(Double.doubleToRawLongBits(0.0123), Double.doubleToRawLongBits(back.learningRate()));
            assertEquals(3, back.batchSize());
            assertEquals(-1234567890123L, back.seed());
            assertArrayEquals(original.rngState(), back.rngState());
            assertEquals(original.randomState(), back.randomState());
            assertTrue(back.randomState().hasGaussNext(), "the cached gauss value survives");
            assertEquals(11, back.optimizerSteps());
            assertBitwiseEqual(original.losses(), back.losses(), "losses");
            assertEquals(7, back.losses().length, "the losses of steps 1 to 7");
            assertEquals(names(original), names(back));
            for (Checkpoint.Param p : original.params()) {
                Checkpoint.Param q = back.param(p.name());
                assertArrayEquals(p.shape(), q.shape(), p.name());
                assertBitwiseEqual(p.values(), q.values(), p.name() + " values");
                assertBitwiseEqual(p.m(), q.m(), p.name() + " m");
                assertBitwiseEqual(p.v(), q.v(), p.name() + " v");
            }
            double[] wte = back.param("wte").values();
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(wte[0]), "-0.0 stays negative");
            assertEquals(Double.doubleToRawLongBits(1e-310), Double.doubleToRawLongBits(wte[4]), "subnormal kept");
        }
    }

    @Test
    void writingOverAnExistingCheckpointReplacesItWhole() throws IOException {
        Path file = dir.resolve("run.ckpt");
        CheckpointFile.write(file, sample("f64", 1));
        Checkpoint newer = sample("f64", 2);
        CheckpointFile.write(file, newer);
        assertEquals(newer, CheckpointFile.read(file));
        assertEquals(List.of("run.ckpt"), listing(dir), "no temp file is left behind");
    }

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldCheckpointAndNoTempFile() throws IOException {
        Path file = dir.resolve("run.ckpt");
        Checkpoint old = sample("f64", 1);
        CheckpointFile.write(file, old);
        byte[] before = Files.readAllBytes(file);
        byte[] newer = CheckpointFile.encode(sample("f64", 2));

        List<Executable> failures = List.of(
                () -> CheckpointFile.write(file, out -> {
                    out.write(newer, 0, newer.length / 2);
                    throw new IOException("disk full (simulated)");
                }),
                () -> CheckpointFile.write(file, out -> {
                    out.write(newer, 0, newer.length - 1);
                    throw new IllegalStateException("serialisation failed (simulated)");
                }));
        for (Executable failure : failures) {
            CheckpointException e = assertThrows(CheckpointException.class, failure);
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("simulated")
                    && e.getMessage().contains("unchanged"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file), "the old checkpoint is untouched");
            assertEquals(List.of("run.ckpt"), listing(dir), "the temp file is deleted");
            assertEquals(old, CheckpointFile.read(file));
        }
    }

    @Test
    void aWriteWhoseRenameFailsLeavesNoTempFile() throws IOException {
        Path target = dir.resolve("taken.ckpt");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "keep");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> CheckpointFile.write(target, sample("f64", 1)));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertEquals(List.of("taken.ckpt"), listing(dir));
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void theLayoutIsTheDocumentedOneSoEarlierCheckpointsStayReadable() {
        byte[] bytes = CheckpointFile.encode(sample("f64", 3));
        ByteBuffer file = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[13];
        file.get(magic);
        assertEquals("FLATGRAD-CKPT", new String(magic, StandardCharsets.US_ASCII));
        assertEquals(3, file.getInt(), "format version");
        assertEquals(bytes.length - 25 - 4, file.getLong(), "payload length");
        assertEquals(CONFIG.vocabSize(), file.getInt(), "the payload starts with the config");
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        assertEquals((int) crc.getValue(), file.getInt(bytes.length - 4), "CRC32C of every byte before it");
        // the losses close the payload: their count, then each as a double
        int lossesAt = bytes.length - 4 - 3 * Double.BYTES - 4;
        assertEquals(3, file.getInt(lossesAt), "three losses for step 3");
        assertEquals(Double.doubleToRawLongBits(sample("f64", 3).losses()[2]), file.getLong(lossesAt + 4 + 2 * Double.BYTES));
    }

    @Test
    void aVersionTwoCheckpointIsReadWithoutLosses() throws IOException {
        Checkpoint c = sample("f64", 3);
        Path file = dir.resolve("v2.ckpt");
        Files.write(file, versionTwo(c));
        Checkpoint back = CheckpointFile.read(file);
        assertEquals(0, back.losses().length);
        assertEquals(c.params(), back.params());
        assertEquals(c.step(), back.step());
        assertEquals(c.dataFingerprint(), back.dataFingerprint());
        assertEquals(new Checkpoint(c.config(), c.precision(), c.numerics(), c.tokenizerChars(), c.dataFingerprint(),
                c.step(), c.totalSteps(), c.learningRate(), c.batchSize(), c.seed(), c.rngState(), c.optimizerSteps(),
                c.params()), back);
    }

    @Test
    void lossesAreFiniteAndNoMoreThanTheStepsDone() {
        Checkpoint c = sample("f64", 3);
        Map<String, double[]> cases = Map.of(
                "4 losses for 3 steps", new double[] {1, 2, 3, 4},
                "the loss of step 3 is NaN", new double[] {2.5, Double.NaN},
                "the loss of step 1 is Infinity", new double[] {Double.POSITIVE_INFINITY, 1, 1});
        cases.forEach((expected, losses) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Checkpoint(c.config(),
                    c.precision(), c.numerics(), c.tokenizerChars(), c.dataFingerprint(), c.step(), c.totalSteps(),
                    c.learningRate(), c.batchSize(), c.seed(), c.rngState(), c.optimizerSteps(), c.params(), losses));
            assertTrue(e.getMessage().contains(expected), expected + " / " + e.getMessage());
        });
    }

    @Test
    void aVersionOneCheckpointIsReadWithAnUnknownDataset() throws IOException {
        Checkpoint c = sample("f64", 3);
        byte[] v2 = versionTwo(c);
        // version 1 is version 2 without the numerics ("exact": an int length and 5 bytes) after the precision
        // and the fingerprint (an int length and 64 hex digits) after the tokenizer
        int numericsAt = 25 + 20 + 4 + 3;
        int fingerprintAt = numericsAt + 4 + 5 + 4 + CHARS.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(5, ByteBuffer.wrap(v2).getInt(numericsAt), "the layout is as documented");
        assertEquals(64, ByteBuffer.wrap(v2).getInt(fingerprintAt), "the layout is as documented");
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        v1.write(v2, 0, numericsAt);
        v1.write(v2, numericsAt + 4 + 5, fingerprintAt - numericsAt - 4 - 5);
        v1.write(v2, fingerprintAt + 4 + 64, v2.length - fingerprintAt - 4 - 64);
        byte[] bytes = v1.toByteArray();
        ByteBuffer.wrap(bytes).putInt(13, 1).putLong(17, bytes.length - 25 - 4);
        fixChecksum(bytes);
        Path file = dir.resolve("v1.ckpt");
        Files.write(file, bytes);
        Checkpoint back = CheckpointFile.read(file);
        assertEquals("", back.dataFingerprint());
        assertEquals("exact", back.numerics());
        assertEquals(c.params(), back.params());
        assertEquals(c.step(), back.step());
        back.requireSameData(file, DatasetFingerprint.of(List.of("other")), "other.txt"); // unknown: not checked
    }

    @Test
    void resumingOnOtherDocumentsIsRefused() {
        Checkpoint c = sample("f64", 3);
        Path file = dir.resolve("run.ckpt");
        c.requireSameData(file, FINGERPRINT, "same.txt");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> c.requireSameData(file, DatasetFingerprint.of(List.of("a\u00e9", "\u00df")), "other.txt (2 documents)"));
        assertTrue(e.getMessage().contains("trained on other documents than other.txt (2 documents)")
                && e.getMessage().contains("--allow-data-change"), e.getMessage());
    }

    // ---- damaged files ----

    @Test
    void aTruncatedFileIsReportedAndLeftUntouched() throws IOException {
        byte[] full = CheckpointFile.encode(sample("f64", 3));
        Path file = dir.resolve("cut.ckpt");
        int[] cuts = {0, 1, 5, 12, 13, 16, 20, 24, 25, 40, full.length / 2, full.length - 5, full.length - 4,
            full.length - 1};
        for (int cut : cuts) {
            byte[] truncated = Arrays.copyOf(full, cut);
            Files.write(file, truncated);
            CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(file));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"),
                    "cut at " + cut + ": " + e.getMessage());
            assertArrayEquals(truncated, Files.readAllBytes(file), "reading leaves the file as it was");
        }
    }

    @Test
    void aFlippedByteIsAChecksumMismatch() throws IOException {
        byte[] full = CheckpointFile.encode(sample("f64", 3));
        Path file = dir.resolve("flipped.ckpt");
        for (int at : new int[] {full.length / 2, 30, full.length - 1}) {
            byte[] damaged = full.clone();
            damaged[at] ^= 0x10;
            Files.write(file, damaged);
            CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(file));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("corrupted")
                    && e.getMessage().contains("checksum mismatch"), "byte " + at + ": " + e.getMessage());
            assertArrayEquals(damaged, Files.readAllBytes(file));
        }
    }

    @Test
    void bytesAfterTheChecksumAreCorruption() throws IOException {
        byte[] full = CheckpointFile.encode(sample("f64", 3));
        Path file = dir.resolve("long.ckpt");
        Files.write(file, Arrays.copyOf(full, full.length + 3));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(file));
        assertTrue(e.getMessage().contains("corrupted") && e.getMessage().contains("3 unexpected bytes"), e.getMessage());
    }

    @Test
    void otherFilesAreNotCheckpoints() throws IOException {
        byte[] noise = new byte[1000];
        new Random(7).nextBytes(noise);
        Path random = dir.resolve("random.bin");
        Files.write(random, noise);
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "FLATGRAD checkpoints are binary\n");
        for (Path file : List.of(random, text)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(file));
            assertEquals(file + " is not a flatgrad checkpoint: it does not start with FLATGRAD-CKPT", e.getMessage());
        }
        CheckpointException missing = assertThrows(CheckpointException.class,
                () -> CheckpointFile.read(dir.resolve("none.ckpt")));
        assertTrue(missing.getMessage().contains("none.ckpt does not exist"), missing.getMessage());
    }

    @Test
    void anotherFormatVersionIsRefused() throws IOException {
        byte[] bytes = CheckpointFile.encode(sample("f64", 3));
        ByteBuffer.wrap(bytes).putInt(13, 4); // the version follows the 13-byte magic
        fixChecksum(bytes);
        Path file = dir.resolve("v4.ckpt");
        Files.write(file, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(file));
        assertEquals("checkpoint " + file + " has the unsupported format version 4; this build reads versions 1 to 3",
                e.getMessage());
    }

    @Test
    void fieldsThatDoNotHoldTogetherAreInconsistentContents() throws IOException {
        Checkpoint c = sample("f64", 3);
        byte[] bytes = CheckpointFile.encode(c);
        // header 25 bytes, config 5 ints, "f64" (int + 3 bytes), "exact" (int + 5), the tokenizer (int + UTF-8),
        // the fingerprint (int + 64 bytes), then the step
        int stepAt = 25 + 20 + 4 + 3 + 4 + 5 + 4 + CHARS.getBytes(StandardCharsets.UTF_8).length + 4 + 64;
        assertEquals(c.step(), ByteBuffer.wrap(bytes).getInt(stepAt), "the layout is as documented");
        ByteBuffer.wrap(bytes).putInt(stepAt, c.totalSteps() + 1);
        fixChecksum(bytes);
        Path file = dir.resolve("odd.ckpt");
        Files.write(file, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(file));
        assertEquals("checkpoint " + file + " has inconsistent contents: step 301 is outside 0..300", e.getMessage());
    }

    // ---- validation and compatibility ----

    @Test
    void aCheckpointRejectsContentsThatCannotBelongTogether() {
        Checkpoint c = sample("f64", 3);
        List<Checkpoint.Param> params = c.params();
        Checkpoint.Param wte = params.get(0);
        double[] nan = wte.values();
        nan[3] = Double.NaN;
        List<Checkpoint.Param> wrongShape = new ArrayList<>(params);
        wrongShape.set(0, new Checkpoint.Param("wte", new int[] {8, 5}, wte.values(), wte.m(), wte.v()));
        List<Checkpoint.Param> reordered = new ArrayList<>(params);
        reordered.set(0, params.get(1));
        reordered.set(1, params.get(0));
        Map<String, Executable> cases = Map.of(
                "the tokenizer has 3 characters", () -> with(c, "abc", c.params()),
                "twice", () -> with(c, "abca", c.params()),
                "'wte' values[3] is NaN (did training diverge?)",
                () -> new Checkpoint.Param("wte", wte.shape(), nan, wte.m(), wte.v()),
                "has shape [8, 5], but a GPT with", () -> with(c, CHARS, wrongShape),
                "are not those of a GPT", () -> with(c, CHARS, reordered),
                "precision must be f64 or f32", () -> new Checkpoint(CONFIG, "bf16", "exact", CHARS, FINGERPRINT, 0, 1, 0.01, 1, 0,
                        c.rngState(), 0, c.params()),
                "random generator's state is invalid", () -> new Checkpoint(CONFIG, "f64", "exact", CHARS, FINGERPRINT, 0, 1, 0.01, 1, 0,
                        new byte[3], 0, c.params()),
                "learning rate must be positive", () -> new Checkpoint(CONFIG, "f64", "exact", CHARS, FINGERPRINT, 0, 1, 0.0, 1, 0,
                        c.rngState(), 0, c.params()));
        cases.forEach((expected, construction) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
            assertTrue(e.getMessage().contains(expected), expected + " / " + e.getMessage());
        });
    }

    @Test
    void requireCompatibleNamesEveryDifference() {
        Checkpoint c = sample("f64", 3);
        Path file = Path.of("x.ckpt");
        c.requireCompatible(file, CONFIG, "f64", CHARS);

        CheckpointException e = assertThrows(CheckpointException.class,
                () -> c.requireCompatible(file, new GptConfig(5, 16, 1, 2, 4), "f64", CHARS));
        assertTrue(e.getMessage().startsWith("checkpoint x.ckpt was trained with n_embd 8, but --n-embd 16 was given"),
                e.getMessage());

        e = assertThrows(CheckpointException.class,
                () -> c.requireCompatible(file, new GptConfig(5, 8, 2, 4, 4), "f32", CHARS));
        assertTrue(e.getMessage().contains("n_layer 1, but --n-layer 2 was given")
                && e.getMessage().contains("n_head 2, but --n-head 4 was given")
                && e.getMessage().contains("dtype f64, but --dtype f32 was given"), e.getMessage());

        e = assertThrows(CheckpointException.class,
                () -> c.requireCompatible(file, new GptConfig(6, 8, 1, 2, 4), "f64", "abcde"));
        assertTrue(e.getMessage().contains("x.ckpt was trained with the 4 characters")
                && e.getMessage().contains("but the dataset has the 5 characters \"abcde\""), e.getMessage());

        e = assertThrows(CheckpointException.class, () -> c.requireCompatible(CONFIG, "f32", CHARS));
        assertEquals("the checkpoint was trained with dtype f64, but --dtype f32 was given (resume with the"
                + " checkpoint's settings, or start a new run)", e.getMessage());
    }

    // ---- capture and restore with a real program ----

    @Test
    void captureWriteReadAndRestoreResumesTrainingExactly() {
        Gpt gpt = new Gpt(CONFIG);
        ProgramSpec spec = spec(gpt, DType.F64);
        Program trained = Flatgrad.compile(spec);
        PyRandom rng = new PyRandom(42);
        for (Node p : gpt.params()) {
            double[] values = new double[trained.param(p.name()).length];
            for (int i = 0; i < values.length; i++) {
                values[i] = rng.gauss(0, 0.08);
            }
            trained.setParam(p.name(), values);
        }
        feed(trained);
        trained.step(0.01);
        trained.step(0.01);

        Checkpoint c = Checkpoint.capture(trained, CONFIG, "abcd", FINGERPRINT, 2, 100, 0.01, 1, 42, rng.state(),
                new double[] {1.61, 1.59});
        assertArrayEquals(new double[] {1.61, 1.59}, c.losses());
        assertEquals(trained.names(BufferRole.PARAM), names(c), "the program's param order");
        Path file = dir.resolve("gpt.ckpt");
        CheckpointFile.write(file, c);
        Checkpoint back = CheckpointFile.read(file);
        assertEquals(c, back);

        Program resumed = Flatgrad.compile(spec);
        back.restoreInto(resumed);
        assertEquals(2, resumed.optimizerSteps());
        assertSameState(trained, resumed);
        assertEquals(rng.state(), back.randomState());

        feed(trained);
        trained.step(0.01);
        feed(resumed);
        resumed.step(0.01);
        assertSameState(trained, resumed);
    }

    @Test
    void restoringIntoAProgramThatDoesNotMatchFailsAndChangesNothing() {
        Checkpoint c = sample("f64", 3);

        Gpt narrower = new Gpt(new GptConfig(5, 4, 1, 2, 4));
        Program other = Flatgrad.compile(spec(narrower, DType.F64));
        double[] before = other.param("wte");
        CheckpointException e = assertThrows(CheckpointException.class, () -> c.restoreInto(other));
        assertEquals("cannot restore the checkpoint: param 'wte' has shape [5, 8] in the checkpoint, but [5, 4] in"
                + " the program", e.getMessage());
        assertBitwiseEqual(before, other.param("wte"), "wte is untouched");
        assertEquals(0, other.optimizerSteps());

        Program f32 = Flatgrad.compile(spec(new Gpt(CONFIG), DType.F32));
        e = assertThrows(CheckpointException.class, () -> c.restoreInto(f32));
        assertEquals("cannot restore an f64 checkpoint into an f32 program", e.getMessage());
    }

    // ---- helpers ----

    private static ProgramSpec spec(Gpt gpt, DType precision) {
        return ProgramSpec.builder(gpt.graph()).minimize(gpt.loss(), gpt.params())
                .optimizer(Optimizer.adam(0.85, 0.99, 1e-8)).precision(precision).build();
    }

    private static void feed(Program p) {
        p.setLength(3).setInput("tokens", new int[] {4, 0, 1}).setInput("targets", new int[] {0, 1, 4});
    }

    /** A checkpoint for {@link #CONFIG} whose params start with {@link #SPECIAL} values, then random ones. */
    private static Checkpoint sample(String precision, int step) {
        PyRandom values = new PyRandom(step);
        List<Checkpoint.Param> params = new ArrayList<>();
        for (Node p : new Gpt(CONFIG).params()) {
            int[] shape = p.shape().resolve(Map.of());
            int n = shape[0] * shape[1];
            params.add(new Checkpoint.Param(p.name(), shape, fill(values, n, 1), fill(values, n, 1e-3),
                    fill(values, n, 1e-6)));
        }
        PyRandom rng = new PyRandom(99);
        rng.gauss(0, 1); // leaves a cached second gauss value in the state
        double[] losses = new double[step];
        for (int i = 0; i < step; i++) {
            losses[i] = i % 2 == 0 ? 3.3 - i * Math.ulp(3.3) : 1.0 / (i + 3);
        }
        return new Checkpoint(CONFIG, precision, "exact", CHARS, FINGERPRINT, step, 300, 0.0123, 3, -1234567890123L, rng.state().toBytes(),
                11, params, losses);
    }

    /** {@code c} as a file of format version 2: version 3 without the losses that close the payload. */
    private static byte[] versionTwo(Checkpoint c) {
        byte[] v3 = CheckpointFile.encode(c);
        int lossBytes = Integer.BYTES + c.losses().length * Double.BYTES;
        int end = v3.length - ChecksummedFile.CHECKSUM_BYTES - lossBytes;
        assertEquals(c.losses().length, ByteBuffer.wrap(v3).getInt(end), "the layout is as documented");
        byte[] bytes = Arrays.copyOf(v3, end + ChecksummedFile.CHECKSUM_BYTES);
        ByteBuffer.wrap(bytes).putInt(13, 2).putLong(17, bytes.length - 25 - 4);
        fixChecksum(bytes);
        return bytes;
    }

    private static double[] fill(PyRandom random, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i < SPECIAL.length ? SPECIAL[i] : random.gauss(0, scale);
        }
        return out;
    }

    private static Checkpoint with(Checkpoint c, String chars, List<Checkpoint.Param> params) {
        return new Checkpoint(c.config(), c.precision(), c.numerics(), chars, c.dataFingerprint(), c.step(), c.totalSteps(), c.learningRate(),
                c.batchSize(), c.seed(), c.rngState(), c.optimizerSteps(), params);
    }

    private static void assertSameState(Program expected, Program actual) {
        assertEquals(expected.optimizerSteps(), actual.optimizerSteps());
        for (String name : expected.names(BufferRole.PARAM)) {
            assertBitwiseEqual(expected.param(name), actual.param(name), name);
            assertBitwiseEqual(expected.optimizerState(BufferRole.ADAM_M, name),
                    actual.optimizerState(BufferRole.ADAM_M, name), name + " m");
            assertBitwiseEqual(expected.optimizerState(BufferRole.ADAM_V, name),
                    actual.optimizerState(BufferRole.ADAM_V, name), name + " v");
        }
    }

    private static void assertBitwiseEqual(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                throw new AssertionError(what + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    private static List<String> names(Checkpoint c) {
        return c.params().stream().map(Checkpoint.Param::name).toList();
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static void fixChecksum(byte[] bytes) {
        int end = bytes.length - ChecksummedFile.CHECKSUM_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, end);
        ByteBuffer.wrap(bytes).putInt(end, (int) crc.getValue());
    }
}
