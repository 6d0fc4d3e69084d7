package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a careless user types: each gets {@code error: ...} and exit code 2 (3 for a diverged run), no stack
 * trace, before any training, and no file that is not a checkpoint is ever replaced.
 */
class BadInputCliTest {
    private static final String SMALL = "--n-embd=8";

    @TempDir
    Path dir;

    private Path names() throws IOException {
        return SmallNames.write(dir);
    }

    @Test
    void aCheckpointNeverReplacesAFileThatIsNotOne() throws IOException {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "my notes\n");
        CliRun run = CliRun.of("train", "--data", names().toString(), "--steps", "3", SMALL, "--checkpoint", notes.toString());
        assertRefusedBeforeTraining(run, "notes.txt exists and is not a flatgrad checkpoint; it is left untouched");
        assertEquals("my notes\n", Files.readString(notes));
    }

    @Test
    void aCheckpointNeverReplacesTheData() throws IOException {
        Path data = names();
        byte[] before = Files.readAllBytes(data);
        CliRun run = CliRun.of("train", "--data", data.toString(), "--steps", "3", SMALL, "--checkpoint", data.toString());
        assertRefusedBeforeTraining(run, "is the data file the run trains on");
        assertArrayEquals(before, Files.readAllBytes(data));
    }

    @Test
    void anEmptyFileOrAnOldCheckpointMayBeReplaced() throws IOException {
        Path empty = dir.resolve("empty.ckpt");
        Files.createFile(empty);
        CliRun run = CliRun.of("train", "--data", names().toString(), "--steps", "3", SMALL, "--samples", "0",
                "--checkpoint", empty.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(3, CheckpointFile.read(empty).step());
        CliRun again = CliRun.of("train", "--data", names().toString(), "--steps", "4", SMALL, "--samples", "0",
                "--checkpoint", empty.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(4, CheckpointFile.read(empty).step());
    }

    @Test
    void checkpointFoldersAreCheckedBeforeTraining() throws IOException {
        String data = names().toString();
        assertRefusedBeforeTraining(CliRun.of("train", "--data", data, "--checkpoint", dir.toString()), "is a folder");
        assertRefusedBeforeTraining(CliRun.of("train", "--data", data, "--checkpoint", dir.resolve("no/such/x.ckpt").toString()),
                "does not exist");
        Path file = dir.resolve("plain.txt");
        Files.writeString(file, "x");
        assertRefusedBeforeTraining(CliRun.of("train", "--data", data, "--checkpoint", file.resolve("x.ckpt").toString()),
                "does not exist");
        assertEquals("x", Files.readString(file));
    }

    @Test
    void dumpSourcesOntoAFileIsRefused() throws IOException {
        Path file = dir.resolve("Model.java");
        Files.writeString(file, "class Model {}");
        assertRefusedBeforeTraining(CliRun.of("train", "--data", names().toString(), "--dump-sources", file.toString()),
                "is a file, not a folder; it is left untouched");
        assertEquals("class Model {}", Files.readString(file));
    }

    @Test
    void dumpIrNeverOverwritesOtherFiles() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "mine");
        assertRefusedBeforeTraining(CliRun.of("train", "--data", names().toString(), "--dump-ir", file.toString()),
                "--dump-ir " + file + " is a file, not a folder; it is left untouched");
        Path folder = Files.createDirectories(dir.resolve("ir/MicroGpt"));
        Files.writeString(folder.resolve("01-traced.txt"), "my own notes");
        assertRefusedBeforeTraining(CliRun.of("train", "--data", names().toString(), "--dump-ir", dir.resolve("ir").toString()),
                "holds files that are not a flatgrad IR dump; they are left untouched");
        assertEquals("mine", Files.readString(file));
        assertEquals("my own notes", Files.readString(folder.resolve("01-traced.txt")));
    }

    @Test
    void sizesBeyondWhatJavaCanHoldAreRefused() throws IOException {
        String data = names().toString();
        assertRefusedBeforeTraining(CliRun.of("train", "--data", data, "--block-size", "30000"),
                "holds up to 3,600,000,000 elements at its largest; a Java array holds at most 2,147,483,639");
        assertRefusedBeforeTraining(CliRun.of("train", "--data", data, "--batch", "2147483647"),
                "tokens per step, more than a run can hold");
        assertRefusedBeforeTraining(CliRun.of("train", "--data", data, "--n-embd", "2147483647", "--n-head", "1"),
                "the model is too large: wte (vocab_size x n_embd) would hold");
        assertRefusedBeforeTraining(CliRun.of("train", "--data", data, "--n-embd", "1000000000", "--n-head", "1"),
                "the model is too large");
        assertRefusedBeforeTraining(CliRun.of("train", "--data", data, "--block-size", "200000"), "a Java array holds at most");
    }

    @Test
    void aBatchOfThousandsTrainsInMicroBatches() throws IOException {
        CliRun run = CliRun.of("train", "--data", names().toString(), "--batch", "6000", "--steps", "2", "--samples", "0");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("step    2 /    2 | loss "), run.out());
    }

    @Test
    void aModelTooDeepForOneClassFileIsSpreadOverSeveral() throws IOException {
        Path sources = dir.resolve("gen");
        CliRun run = CliRun.of("train", "--data", names().toString(), "--n-layer", "25", "--n-embd", "4", "--n-head", "1",
                "--steps", "2", "--samples", "1", "--dump-sources", sources.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("sample  1: "), run.out());
        String source = Files.readString(sources.resolve("dev/flatgrad/generated/MicroGpt.java"));
        assertTrue(source.contains("static final class Part1"), "the methods are spread over part classes");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void anEndlessDataStreamIsRefused() {
        assertRefusedBeforeTraining(CliRun.of("train", "--data", "/dev/zero"),
                "Data file /dev/zero holds more than");
    }

    @Test
    void commandLineMistakesSayErrorAndPointToHelp() {
        CliRun unknown = CliRun.of("train", "--bogus");
        assertRefusedBeforeTraining(unknown, "error: Unknown option: '--bogus'");
        assertTrue(unknown.err().contains("microgpt train --help"), unknown.err());
        assertRefusedBeforeTraining(CliRun.of("train", "--steps", "ten"), "error: Invalid value for option '--steps'");
        assertRefusedBeforeTraining(CliRun.of("train", "--until", "0"), "--until 0 would train no step");
        assertRefusedBeforeTraining(CliRun.of("train", "--temperature", "0"), "--temperature must be a positive number");
        assertRefusedBeforeTraining(CliRun.of("train", "--checkpoint-every", "5"), "--checkpoint-every needs --checkpoint");
        assertRefusedBeforeTraining(CliRun.of("frobnicate"), "error: Unmatched argument");
    }

    @Test
    void divergenceStopsAtTheFirstNonFiniteLossAndKeepsTheLastFiniteCheckpoint() throws IOException {
        Path checkpoint = dir.resolve("run.ckpt");
        CliRun run = CliRun.of("train", "--data", names().toString(), "--steps", "50", SMALL, "--lr", "1e308",
                "--checkpoint", checkpoint.toString(), "--checkpoint-every", "1");
        assertEquals(MicrogptCli.DIVERGED, run.exitCode(), run.err());
        assertTrue(run.err().contains("error: training diverged: the loss is nan at step 2. Try a lower --lr (this run: 1e308)"),
                run.err());
        assertTrue(run.out().contains("step    2 /   50 | loss nan\n"), run.out());
        assertFalse(run.out().contains("step    3 /"), "training stops at the first non-finite loss: " + run.out());
        assertFalse(run.out().contains("--- inference"), run.out());
        Checkpoint saved = CheckpointFile.read(checkpoint);
        assertEquals(1, saved.step(), "the checkpoint holds the last step whose params are finite");
        assertTrue(run.err().contains("holds step 1, the last finite state"), run.err());
    }

    @Test
    void checkNumericsNamesTheNodeWhereTrainingDiverges() throws IOException {
        CliRun run = CliRun.of("train", "--data", names().toString(), "--steps", "50", SMALL, "--lr", "1e308",
                "--check-numerics");
        assertEquals(MicrogptCli.DIVERGED, run.exitCode(), run.err());
        // the update leaves params near 1e308; the next forward pass overflows where two of them are added
        assertTrue(run.err().matches("(?s).*error: training diverged: at step 2, forward pass: %\\d+:f64\\[T,8\\] add"
                + " \\(Gpt\\.java:\\d+ embed/add\\) is -?Infinity at index \\[0, 0\\] .*an overflow or a division by zero.*"
                + "Try a lower --lr \\(this run: 1e308\\).*"), run.err());
    }

    @Test
    void versionIsTheBuildsVersion() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().matches("(?s)flatgrad microgpt \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\nJava .*"), run.out());
    }

    private static void assertRefusedBeforeTraining(CliRun run, String expected) {
        assertEquals(MicrogptCli.BAD_INPUT, run.exitCode(), "exit code; stderr: " + run.err());
        assertTrue(run.err().contains(expected), () -> "stderr lacks '" + expected + "': " + run.err());
        assertTrue(run.err().lines().anyMatch(l -> l.startsWith("error: ")), run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), () -> "a stack trace: " + run.err());
        assertFalse(run.out().contains("step    1 /"), () -> "trained before refusing: " + run.out());
    }
}
