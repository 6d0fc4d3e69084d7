package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The microgpt command line: output format, bad input with exit code 2, resume, batches, sampling, sources. */
class TrainCommandTest {
    private static final String SMALL = "--n-embd=8";
    private static final Pattern LOSS = Pattern.compile("(?m)^step +(\\d+) / +(\\d+) \\| loss (\\d+\\.\\d{4})$");

    @TempDir
    Path dir;

    private Path data(String text) throws IOException {
        Path file = dir.resolve("names.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private Path someNames() throws IOException {
        return data("emma\nolivia\nava\nisabella\nsophia\ncharlotte\nmia\namelia\nharper\nevelyn\nliam\nnoah\n");
    }

    @Test
    void helpExplainsTheCommands() {
        CliRun top = CliRun.of("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("train") && top.out().contains("sample"), top.out());
        CliRun train = CliRun.of("train", "--help");
        for (String option : List.of("--data", "--steps", "--lr", "--batch", "--n-embd", "--n-layer", "--n-head",
                "--block-size", "--seed", "--dtype", "--checkpoint", "--resume", "--dump-sources", "--dump-ir", "--samples",
                "--temperature", "--parity")) {
            assertTrue(train.out().contains(option), "train --help lacks " + option);
        }
    }

    @Test
    void printsMicrogptsFormatAndASummary() throws IOException {
        CliRun run = CliRun.of("train", "--data", someNames().toString(), "--steps", "30", SMALL, "--samples", "3");
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals("num docs: 12", lines[0]);
        assertEquals("vocab size: 17", lines[1]); // 16 letters + BOS
        assertTrue(lines[2].startsWith("num params: "), lines[2]);
        assertTrue(lines[3].matches("step    1 /   30 \\| loss \\d\\.\\d{4}"), lines[3]);
        assertEquals(30, count(LOSS.matcher(run.out())));
        assertTrue(run.out().contains("--- inference (new, hallucinated names) ---\nsample  1: "), run.out());
        assertTrue(run.out().matches("(?s).*\nsummary: 30 steps in [0-9.]+ s, [0-9.]+ us/step, final loss \\d+\\.\\d{4}\n"), run.out());
        assertTrue(run.err().contains("data: names.txt (12 documents)"), run.err());
    }

    @Test
    void withoutDataItTrainsOnTheEmbeddedNames() {
        assertFalse(Files.exists(Path.of("input.txt")), "the test runs where there is no input.txt");
        CliRun run = CliRun.of("train", "--steps", "3", SMALL, "--samples", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("num docs: 5164\nvocab size: 27\n"), run.out());
        assertTrue(run.err().contains("embedded English first names from datafaker"), run.err());
    }

    @Test
    void onATerminalItShowsAProgressBarInsteadOfLines() throws IOException {
        CliRun run = CliRun.onTerminal("train", "--data", someNames().toString(), "--steps", "5", SMALL, "--samples", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(0, count(LOSS.matcher(run.out())), "no per-step lines on a terminal");
        assertTrue(run.out().contains("summary: 5 steps in "), run.out());
    }

    @Test
    void badDataExitsWithCode2AndSaysWhy() throws IOException {
        assertBadInput(CliRun.of("train", "--data", dir.resolve("missing.txt").toString()), "missing.txt");
        assertBadInput(CliRun.of("train", "--data", data("").toString()), "empty");
        assertBadInput(CliRun.of("train", "--data", data("\n  \n\t\n").toString()), "blank");
        Path invalid = dir.resolve("invalid.txt");
        Files.write(invalid, new byte[] {'a', 'b', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        assertBadInput(CliRun.of("train", "--data", invalid.toString()), "UTF-8");
        assertBadInput(CliRun.of("train", "--data", someNames().toString(), "--n-head", "3"), "n_head 3 must divide n_embd 16");
        assertBadInput(CliRun.of("train", "--data", someNames().toString(), "--dtype", "f16"), "--dtype must be f64 or f32");
        assertBadInput(CliRun.of("train", "--data", someNames().toString(), "--parity", "--batch", "2"), "--parity");
        assertBadInput(CliRun.of("train", "--steps", "ten"), "--steps");
    }

    @Test
    void documentsLongerThanTheBlockAreCutAsMicrogptDoes() throws IOException {
        CliRun run = CliRun.of("train", "--data", data("abcdefghijklmnopqrstuvwxyz\nab\n").toString(), "--block-size", "4",
                "--steps", "4", SMALL, "--samples", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(4, count(LOSS.matcher(run.out())));
    }

    @Test
    void resumingReproducesTheUninterruptedRun(@TempDir Path work) throws IOException {
        String names = someNames().toString();
        Path checkpoint = work.resolve("run.ckpt");
        CliRun straight = CliRun.of("train", "--data", names, "--steps", "40", SMALL, "--samples", "5");
        CliRun first = CliRun.of("train", "--data", names, "--steps", "40", SMALL, "--until", "20",
                "--checkpoint", checkpoint.toString());
        CliRun second = CliRun.of("train", "--data", names, "--resume", "--checkpoint", checkpoint.toString(),
                "--samples", "5");
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(losses(straight.out()), losses(first.out() + second.out()));
        assertEquals(samples(straight.out()), samples(second.out()));
        assertEquals(40, losses(straight.out()).size());
    }

    @Test
    void unusableCheckpointsAreRefusedAndLeftAlone(@TempDir Path work) throws IOException {
        String names = someNames().toString();
        Path checkpoint = work.resolve("run.ckpt");
        assertEquals(0, CliRun.of("train", "--data", names, "--steps", "6", SMALL, "--until", "3",
                "--checkpoint", checkpoint.toString()).exitCode());
        byte[] saved = Files.readAllBytes(checkpoint);

        Path truncated = work.resolve("truncated.ckpt");
        Files.write(truncated, java.util.Arrays.copyOf(saved, saved.length / 2));
        assertBadInput(CliRun.of("train", "--data", names, "--resume", "--checkpoint", truncated.toString()), "truncated");
        assertArrayEquals(java.util.Arrays.copyOf(saved, saved.length / 2), Files.readAllBytes(truncated));

        Path corrupted = work.resolve("corrupted.ckpt");
        byte[] flipped = saved.clone();
        flipped[flipped.length / 2] ^= 0x40;
        Files.write(corrupted, flipped);
        assertBadInput(CliRun.of("train", "--data", names, "--resume", "--checkpoint", corrupted.toString()), "corrupted");
        assertArrayEquals(flipped, Files.readAllBytes(corrupted));

        assertBadInput(CliRun.of("train", "--data", names, "--resume", "--checkpoint", checkpoint.toString(), "--n-embd", "16"),
                "--n-embd 8 (not 16)");
        assertBadInput(CliRun.of("train", "--data", data("xyz\nzyx\n").toString(), "--resume", "--checkpoint",
                checkpoint.toString()), "dataset");
        assertArrayEquals(saved, Files.readAllBytes(checkpoint), "a refused resume leaves the checkpoint untouched");
    }

    @Test
    void sampleCommandReadsACheckpoint(@TempDir Path work) throws IOException {
        Path checkpoint = work.resolve("run.ckpt");
        CliRun trained = CliRun.of("train", "--data", someNames().toString(), "--steps", "20", SMALL, "--samples", "4",
                "--checkpoint", checkpoint.toString());
        CliRun sampled = CliRun.of("sample", "--checkpoint", checkpoint.toString(), "--samples", "4");
        assertEquals(0, sampled.exitCode(), sampled.err());
        assertEquals(samples(trained.out()), samples(sampled.out()), "sampling from the checkpoint continues the run's RNG");
        assertBadInput(CliRun.of("sample", "--checkpoint", work.resolve("none.ckpt").toString()), "does not exist");
    }

    @Test
    void batchesTrainOnSeveralDocumentsPerStep() throws IOException {
        CliRun run = CliRun.of("train", "--data", someNames().toString(), "--steps", "60", "--batch", "4", SMALL, "--samples", "2");
        assertEquals(0, run.exitCode(), run.err());
        List<Double> losses = losses(run.out());
        assertEquals(60, losses.size());
        double firstFive = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double lastFive = losses.subList(55, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(lastFive < firstFive, "the loss falls: " + firstFive + " -> " + lastFive);
    }

    @Test
    void dumpSourcesWritesTheGeneratedJava(@TempDir Path work) throws IOException {
        CliRun run = CliRun.of("train", "--data", someNames().toString(), "--steps", "1", SMALL, "--samples", "0",
                "--dump-sources", work.toString());
        assertEquals(0, run.exitCode(), run.err());
        String source = Files.readString(work.resolve("dev/flatgrad/generated/MicroGpt.java"));
        assertTrue(source.contains("public final class MicroGpt extends GeneratedProgram"));
        assertTrue(source.contains("layer0_attn_wq"));
    }

    @Test
    void dumpIrWritesEveryStageOfBothPrograms(@TempDir Path work) throws IOException {
        CliRun run = CliRun.of("train", "--data", someNames().toString(), "--steps", "1", SMALL, "--samples", "1",
                "--dump-ir", work.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> training = fileNames(work.resolve("MicroGpt"));
        assertEquals(List.of(".flatgrad-ir", "01-traced.txt", "02-autodiff.txt"), training.subList(0, 3));
        assertTrue(training.contains("03-constant-folding.txt"), "the passes' stages: " + training);
        int n = training.size() - 1;
        assertEquals(List.of(String.format("%02d-lowering.txt", n - 2), String.format("%02d-MicroGpt.java", n - 1),
                String.format("%02d-compile-report.txt", n)), training.subList(n - 2, n + 1));
        assertEquals(".flatgrad-ir", fileNames(work.resolve("MicroGptSampler")).get(0));
        assertTrue(fileNames(work.resolve("MicroGptSampler")).contains("01-traced.txt"));
        String traced = Files.readString(work.resolve("MicroGpt/01-traced.txt"));
        assertTrue(traced.contains("Gpt.java:") && traced.contains(" layer0/attn/softmax/exp"), traced);
        assertTrue(Files.readString(work.resolve("MicroGpt/" + training.get(n - 2))).contains("  k"));
        assertTrue(Files.readString(work.resolve("MicroGpt/" + training.get(n))).contains("adam_"));
    }

    private static List<String> fileNames(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertBadInput(CliRun run, String expected) {
        assertEquals(MicrogptCli.BAD_INPUT, run.exitCode(), "exit code; stderr: " + run.err());
        assertTrue(run.err().contains(expected), () -> "stderr lacks '" + expected + "': " + run.err());
        assertFalse(run.err().contains("\tat "), () -> "a user error should not print a stack trace: " + run.err());
    }

    private static List<Double> losses(String out) {
        List<Double> losses = new java.util.ArrayList<>();
        Matcher m = LOSS.matcher(out);
        while (m.find()) {
            losses.add(Double.parseDouble(m.group(3)));
        }
        return losses;
    }

    private static List<String> samples(String out) {
        return out.lines().filter(l -> l.startsWith("sample ")).toList();
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
