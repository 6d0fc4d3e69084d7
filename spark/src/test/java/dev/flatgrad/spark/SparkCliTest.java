package dev.flatgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.examples.microgpt.GptConfig;
import dev.flatgrad.examples.microgpt.ProgramOptions;
import dev.flatgrad.examples.microgpt.PythonFormat;
import dev.flatgrad.examples.microgpt.TrainOptions;
import dev.flatgrad.examples.microgpt.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, in-process on the shared local Spark: microgpt.py's output, checkpoints, and bad input. */
class SparkCliTest {
    private static final List<String> NAMES = List.of("emma", "olivia", "ava", "isabella", "sophia", "mia", "liam", "noah");
    private static final List<String> MODEL = List.of("--n-embd", "8", "--n-head", "2", "--block-size", "8", "--steps", "4");
    private static final List<String> SPLIT = List.of("--batch", "16", "--partitions", "2");

    @TempDir
    Path dir;
    private Path data;

    private record Result(int code, String out, String err) {
    }

    @BeforeEach
    void writeData() throws IOException {
        data = Files.writeString(dir.resolve("names.txt"), String.join("\n", NAMES) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void printsTheSingleProcessRunsLossesAndSamples() {
        Result r = run(args("train", "--samples", "3"));
        assertEquals(0, r.code(), r.err());
        List<String> expected = new ArrayList<>(List.of("num docs: 8", "vocab size: 13", "num params: 1040"));
        try (Trainer trainer = Trainer.start(new GptConfig(2, 8, 1, 2, 8), new TrainOptions(4, 0.01, 16, 42, DType.F64, Numerics.EXACT),
                NAMES, new ProgramOptions(null, null, false, 1))) {
            for (int s = 1; s <= 4; s++) {
                expected.add(String.format(Locale.ROOT, "step %4d / %4d | loss %s", s, 4, PythonFormat.fixed(trainer.trainStep(), 4)));
            }
            expected.add("--- inference (new, hallucinated names) ---");
            List<String> names = trainer.sample(3, 0.5);
            for (int i = 0; i < names.size(); i++) {
                expected.add(String.format(Locale.ROOT, "sample %2d: %s", i + 1, names.get(i)));
            }
        }
        List<String> lines = r.out().lines().toList();
        assertEquals(expected, lines.subList(0, lines.size() - 1));
        assertTrue(lines.get(lines.size() - 1).startsWith("summary: 4 steps in "), lines.get(lines.size() - 1));
        assertTrue(r.err().contains("spark: local[2,4], 2 partitions, sync, params in the closure"), r.err());
    }

    @Test
    void aRunStoppedAndResumedPrintsTheStraightRunsLosses() {
        Path checkpoint = dir.resolve("run.ckpt");
        List<String> straight = lossLines(run(args("train", "--samples", "0")));
        Result first = run(args("train", "--samples", "0", "--until", "2", "--checkpoint", checkpoint.toString()));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("checkpoint: step 2 saved to " + checkpoint), first.err());
        Result second = run(args("train", "--samples", "0", "--resume", "--checkpoint", checkpoint.toString()));
        assertEquals(0, second.code(), second.err());
        List<String> resumed = new ArrayList<>(lossLines(first));
        resumed.addAll(lossLines(second));
        assertEquals(straight, resumed);
    }

    @Test
    void badInputIsAnErrorLineAndExitCode2() {
        String[][] cases = {
            {"--partitions 0", "error: --partitions must be at least 1, got 0"},
            {"--partitions 3 --batch 16", "error: --partitions 3 is more than the 2 micro-batches of up to 8 documents in --batch 16"},
            {"--batch 1 --partitions 1", "error: --batch must be at least 2"},
            {"--mode fast", "error: --mode must be sync or average, got 'fast'"},
            {"--average-every 2", "error: --average-every applies to --mode average only"},
            {"--mode average --average-every 3 --until 2", "error: --until 2 must be a multiple of --average-every 3"},
            {"--ship mail", "error: --ship must be closure or broadcast, got 'mail'"},
            {"--dtype f16", "error: --dtype must be f64 or f32, got 'f16'"},
            {"--resume", "error: --resume needs --checkpoint FILE to resume from"},
            {"--n-layer 0", "error: n_layer must be positive, got 0"},
            {"--frobnicate", "error: Unknown option: '--frobnicate'"},
        };
        for (String[] c : cases) {
            List<String> all = new ArrayList<>(List.of("train", "--data", data.toString()));
            all.addAll(MODEL);
            all.addAll(List.of(c[0].split(" ")));
            Result r = run(all.toArray(String[]::new));
            assertEquals(2, r.code(), c[0] + ": " + r.err());
            assertTrue(r.err().startsWith(c[1]), c[0] + ": " + r.err());
            assertFalse(r.err().contains("\tat "), c[0] + ": a stack trace: " + r.err());
        }
        Result missing = run("train", "--data", dir.resolve("none.txt").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("error: Data file not found: " + dir.resolve("none.txt")), missing.err());
        Result folder = run("train", "--data", dir.toString());
        assertEquals(2, folder.code());
        assertTrue(folder.err().contains("is a folder, not a file"), folder.err());
    }

    private String[] args(String... first) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of("--data", data.toString()));
        all.addAll(MODEL);
        all.addAll(SPLIT);
        return all.toArray(String[]::new);
    }

    private static List<String> lossLines(Result r) {
        return r.out().lines().filter(l -> l.startsWith("step ")).toList();
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = SparkCli.run(o, e, SharedSpark.CONTEXTS, args);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
