package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --plot} and {@code sample --attention}: PNGs of the documented size, read back with ImageIO; a
 * curve for runs that end early and for resumed runs; paths that would harm a file refused before any training.
 */
class PlotCliTest {
    private static final String SMALL = "--n-embd=8";

    @TempDir
    Path dir;

    private String names() throws IOException {
        return SmallNames.write(dir).toString();
    }

    private static BufferedImage png(Path file) throws IOException {
        assertTrue(PngFile.looksLikePng(file), file + " is a PNG");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "ImageIO reads " + file);
        return image;
    }

    private static void assertSize(BufferedImage image, int width, int height) {
        assertEquals(width, image.getWidth(), "width");
        assertEquals(height, image.getHeight(), "height");
    }

    @Test
    void helpNamesThePictureOptions() {
        assertTrue(CliRun.of("train", "--help").out().contains("--plot=FILE.png"));
        String sample = CliRun.of("sample", "--help").out();
        assertTrue(sample.contains("--attention=FILE.png") && sample.contains("--attention-sample=N"), sample);
    }

    @Test
    void trainPlotDrawsTheLossCurveAsAPng() throws IOException {
        Path plot = dir.resolve("loss.png");
        CliRun run = CliRun.of("train", "--data", names(), "--steps", "30", SMALL, "--samples", "2",
                "--plot", plot.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("plot: the loss of steps 1 to 30 drawn to " + plot), run.err());
        assertSize(png(plot), LossPlot.WIDTH, LossPlot.HEIGHT);
        assertTrue(run.out().contains("--- inference"), "training and sampling are as without --plot");
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temp file is left");
        }
    }

    @Test
    void anExistingPngOrEmptyFileIsReplaced() throws IOException {
        Path plot = dir.resolve("loss.png");
        Files.write(plot, new byte[0]);
        assertEquals(0, CliRun.of("train", "--data", names(), "--steps", "3", SMALL, "--samples", "0",
                "--plot", plot.toString()).exitCode());
        byte[] first = Files.readAllBytes(plot);
        CliRun again = CliRun.of("train", "--data", names(), "--steps", "12", SMALL, "--samples", "0", "--plot", plot.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(plot)), "the older picture is replaced");
        assertSize(png(plot), LossPlot.WIDTH, LossPlot.HEIGHT);
    }

    @Test
    void aDivergedRunDrawsTheStepsItTrained() throws IOException {
        Path plot = dir.resolve("diverged.png");
        CliRun run = CliRun.of("train", "--data", names(), "--steps", "50", SMALL, "--lr", "1e308", "--plot", plot.toString());
        assertEquals(MicrogptCli.DIVERGED, run.exitCode(), run.err());
        assertTrue(run.err().contains("plot: the loss of steps 1 to 2 drawn to"), run.err());
        assertSize(png(plot), LossPlot.WIDTH, LossPlot.HEIGHT);
    }

    @Test
    void aResumedRunsCurveCoversTheWholeRun() throws IOException {
        String data = names();
        Path checkpoint = dir.resolve("run.ckpt");
        Path plot = dir.resolve("loss.png");
        CliRun first = CliRun.of("train", "--data", data, "--steps", "40", SMALL, "--until", "20", "--samples", "0",
                "--checkpoint", checkpoint.toString(), "--plot", plot.toString());
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.err().contains("plot: the loss of steps 1 to 20 drawn to"), first.err());
        assertEquals(20, CheckpointFile.read(checkpoint).losses().length, "the checkpoint keeps every step's loss");

        CliRun second = CliRun.of("train", "--data", data, "--resume", "--checkpoint", checkpoint.toString(),
                "--samples", "0", "--plot", plot.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.err().contains("plot: the loss of steps 1 to 40 drawn to"), second.err());
        assertSize(png(plot), LossPlot.WIDTH, LossPlot.HEIGHT);

        CliRun straight = CliRun.of("train", "--data", data, "--steps", "40", SMALL, "--samples", "0");
        double[] saved = CheckpointFile.read(checkpoint).losses();
        assertEquals(straight.out().lines().filter(l -> l.startsWith("step ")).map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .toList(), java.util.Arrays.stream(saved).mapToObj(l -> PythonFormat.fixed(l, 4)).toList(),
                "the saved losses are the printed ones");

        CliRun done = CliRun.of("train", "--data", data, "--resume", "--checkpoint", checkpoint.toString(),
                "--plot", dir.resolve("again.png").toString());
        assertEquals(0, done.exitCode(), done.err());
        assertTrue(done.err().contains("nothing is left to train") && done.err().contains("plot: the loss of steps 1 to 40"),
                "a finished run still draws its curve: " + done.err());
    }

    @Test
    void aCheckpointWithoutLossesGivesACurveOfThisRunsSteps() throws IOException {
        String data = names();
        Path checkpoint = dir.resolve("run.ckpt");
        assertEquals(0, CliRun.of("train", "--data", data, "--steps", "40", SMALL, "--until", "20", "--samples", "0",
                "--checkpoint", checkpoint.toString()).exitCode());
        Checkpoint c = CheckpointFile.read(checkpoint);
        CheckpointFile.write(checkpoint, new Checkpoint(c.config(), c.precision(), c.numerics(), c.tokenizerChars(),
                c.dataFingerprint(), c.step(), c.totalSteps(), c.learningRate(), c.batchSize(), c.seed(), c.rngState(),
                c.optimizerSteps(), c.params())); // as a checkpoint of format version 2 reads
        CliRun resumed = CliRun.of("train", "--data", data, "--resume", "--checkpoint", checkpoint.toString(),
                "--samples", "0", "--plot", dir.resolve("loss.png").toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("plot: the loss of steps 21 to 40 drawn to"), resumed.err());
        assertEquals(20, CheckpointFile.read(checkpoint).losses().length, "from then on the checkpoint keeps them");
    }

    @Test
    void picturesThatWouldHarmAFileAreRefusedBeforeTraining() throws IOException {
        Path data = SmallNames.write(dir);
        byte[] dataBytes = Files.readAllBytes(data);
        Path notes = dir.resolve("notes.png");
        Files.writeString(notes, "not a picture\n", StandardCharsets.UTF_8);
        Path checkpoint = dir.resolve("run.ckpt");

        assertRefused(CliRun.of("train", "--data", data.toString(), "--plot", notes.toString()),
                "--plot " + notes + " exists and is not a PNG image; it is left untouched");
        assertArrayEquals("not a picture\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(notes));
        assertRefused(CliRun.of("train", "--data", data.toString(), "--plot", data.toString()),
                "is the data file the run trains on");
        assertArrayEquals(dataBytes, Files.readAllBytes(data));
        assertRefused(CliRun.of("train", "--data", data.toString(), "--checkpoint", checkpoint.toString(),
                "--plot", checkpoint.toString()), "is the checkpoint");
        assertFalse(Files.exists(checkpoint));
        assertRefused(CliRun.of("train", "--data", data.toString(), "--plot", dir.toString()), "is a folder");
        assertRefused(CliRun.of("train", "--data", data.toString(), "--plot", dir.resolve("no/such/loss.png").toString()),
                "does not exist");
    }

    @Test
    void sampleAttentionDrawsEveryHeadOfEveryLayer() throws IOException {
        Path checkpoint = dir.resolve("run.ckpt");
        assertEquals(0, CliRun.of("train", "--data", names(), "--steps", "20", SMALL, "--n-layer", "2", "--n-head", "2",
                "--samples", "0", "--checkpoint", checkpoint.toString()).exitCode());
        Path picture = dir.resolve("attention.png");
        CliRun plain = CliRun.of("sample", "--checkpoint", checkpoint.toString(), "--samples", "4");
        CliRun run = CliRun.of("sample", "--checkpoint", checkpoint.toString(), "--samples", "4",
                "--attention", picture.toString(), "--attention-sample", "3");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(plain.out(), run.out(), "the same names with and without --attention");
        String third = run.out().lines().toList().get(2).substring("sample  3: ".length());
        assertTrue(run.err().contains("attention: sample 3 (\"" + third + "\", "), run.err());
        assertSize(png(picture), AttentionPlot.width(2), AttentionPlot.height(2));
    }

    @Test
    void sampleAttentionRefusesBadRequestsBeforeSampling() throws IOException {
        Path checkpoint = dir.resolve("run.ckpt");
        assertEquals(0, CliRun.of("train", "--data", names(), "--steps", "2", SMALL, "--samples", "0",
                "--checkpoint", checkpoint.toString()).exitCode());
        byte[] saved = Files.readAllBytes(checkpoint);
        Path text = dir.resolve("attention.png");
        Files.writeString(text, "keep me", StandardCharsets.UTF_8);
        String ckpt = checkpoint.toString();

        assertRefused(CliRun.of("sample", "--checkpoint", ckpt, "--attention", text.toString()), "is not a PNG image");
        assertEquals("keep me", Files.readString(text));
        assertRefused(CliRun.of("sample", "--checkpoint", ckpt, "--attention", ckpt), "is the checkpoint");
        assertArrayEquals(saved, Files.readAllBytes(checkpoint));
        String png = dir.resolve("a.png").toString();
        assertRefused(CliRun.of("sample", "--checkpoint", ckpt, "--attention", png, "--attention-sample", "0"),
                "--attention-sample must be a sample from 1 to --samples 20, got 0");
        assertRefused(CliRun.of("sample", "--checkpoint", ckpt, "--samples", "2", "--attention", png,
                "--attention-sample", "3"), "--attention-sample must be a sample from 1 to --samples 2, got 3");
        assertRefused(CliRun.of("sample", "--checkpoint", ckpt, "--attention-sample", "2"),
                "--attention-sample needs --attention");
        assertFalse(Files.exists(Path.of(png)));
    }

    private static void assertRefused(CliRun run, String expected) {
        assertEquals(MicrogptCli.BAD_INPUT, run.exitCode(), "exit code; stderr: " + run.err());
        assertTrue(run.err().contains("error: ") && run.err().contains(expected), () -> "stderr lacks '" + expected + "': " + run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), () -> "a stack trace: " + run.err());
        assertFalse(run.out().contains("step    1 /") || run.out().contains("sample  1:"),
                () -> "trained or sampled before refusing: " + run.out());
    }
}
