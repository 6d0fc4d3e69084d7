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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming: only on the run's own data (unless asked otherwise), and a finished run says so. */
class ResumeCliTest {
    @TempDir
    Path dir;

    private Path data(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void otherDocumentsWithTheSameAlphabetAreRefusedUnlessAllowed() throws IOException {
        Path original = data("a.txt", "emma\nava\nmae\n");
        Path other = data("b.txt", "mae\nemma\nava\nmama\n"); // the same letters, other documents
        Path checkpoint = dir.resolve("run.ckpt");
        assertEquals(0, CliRun.of("train", "--data", original.toString(), "--steps", "10", "--n-embd", "8", "--until", "5",
                "--checkpoint", checkpoint.toString()).exitCode());
        byte[] saved = Files.readAllBytes(checkpoint);

        CliRun refused = CliRun.of("train", "--data", other.toString(), "--resume", "--checkpoint", checkpoint.toString());
        assertEquals(MicrogptCli.BAD_INPUT, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("was trained on other documents than b.txt (4 documents)")
                && refused.err().contains("--allow-data-change"), refused.err());
        assertArrayEquals(saved, Files.readAllBytes(checkpoint), "a refused resume leaves the checkpoint as it was");

        CliRun allowed = CliRun.of("train", "--data", other.toString(), "--resume", "--allow-data-change",
                "--checkpoint", checkpoint.toString(), "--samples", "0");
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertEquals(DatasetFingerprint.of(List.of("mae", "emma", "ava", "mama")),
                CheckpointFile.read(checkpoint).dataFingerprint(), "the continued run records the data it now trains on");
    }

    @Test
    void resumingAFinishedRunSaysSoAndChangesNothing() throws IOException {
        Path names = data("a.txt", "emma\nava\nmae\n");
        Path checkpoint = dir.resolve("done.ckpt");
        assertEquals(0, CliRun.of("train", "--data", names.toString(), "--steps", "5", "--n-embd", "8", "--samples", "0",
                "--checkpoint", checkpoint.toString()).exitCode());
        byte[] saved = Files.readAllBytes(checkpoint);
        CliRun again = CliRun.of("train", "--data", names.toString(), "--resume", "--checkpoint", checkpoint.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("is at step 5 of 5: the run is complete, nothing is left to train."
                + " Sample from it with 'sample --checkpoint " + checkpoint + "'"), again.err());
        assertFalse(again.out().contains("summary") || again.out().contains("NaN") || again.out().contains("nan"), again.out());
        assertArrayEquals(saved, Files.readAllBytes(checkpoint));
    }

    @Test
    void untilMustLieAheadOfTheCheckpoint() throws IOException {
        Path names = data("a.txt", "emma\nava\nmae\n");
        Path checkpoint = dir.resolve("run.ckpt");
        assertEquals(0, CliRun.of("train", "--data", names.toString(), "--steps", "10", "--n-embd", "8", "--until", "6",
                "--checkpoint", checkpoint.toString()).exitCode());
        CliRun behind = CliRun.of("train", "--data", names.toString(), "--resume", "--checkpoint", checkpoint.toString(),
                "--until", "6");
        assertEquals(MicrogptCli.BAD_INPUT, behind.exitCode());
        assertTrue(behind.err().contains("--until 6 must lie after the current step 6"), behind.err());
    }
}
