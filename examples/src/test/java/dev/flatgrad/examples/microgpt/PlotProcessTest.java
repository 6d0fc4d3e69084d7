package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pictures from the command line as a process: drawn headless even where {@code DISPLAY} names an X server
 * that is not there (as over SSH or in CI), and a run stopped by SIGTERM still draws the steps it trained.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class PlotProcessTest {
    /** An X display no server answers: a JVM that tried to use it would fail with "Can't connect to X11". */
    private static final Map<String, String> NO_SUCH_DISPLAY = Map.of("DISPLAY", ":97");

    @TempDir
    Path dir;

    @Test
    void picturesAreDrawnWithoutADisplay() throws IOException {
        String names = SmallNames.write(dir).toString();
        Path checkpoint = dir.resolve("run.ckpt");
        CliRun train = CliProcess.start(dir, NO_SUCH_DISPLAY, "256m", "train", "--data", names, "--steps", "10",
                "--n-embd", "8", "--samples", "0", "--checkpoint", checkpoint.toString(), "--plot", "loss.png").waitFor();
        assertEquals(0, train.exitCode(), train.err());
        assertImage(dir.resolve("loss.png"), LossPlot.WIDTH, LossPlot.HEIGHT);

        CliRun sample = CliProcess.start(dir, NO_SUCH_DISPLAY, "256m", "sample", "--checkpoint", checkpoint.toString(),
                "--samples", "1", "--attention", "attention.png").waitFor();
        assertEquals(0, sample.exitCode(), sample.err());
        assertImage(dir.resolve("attention.png"), AttentionPlot.width(4), AttentionPlot.height(1));
    }

    @Test
    void sigtermDrawsTheStepsTrainedSoFar() throws Exception {
        CliProcess child = CliProcess.start(dir, NO_SUCH_DISPLAY, "256m", "train", "--data", SmallNames.write(dir).toString(),
                "--steps", "1000000", "--n-embd", "8", "--samples", "0", "--plot", "loss.png");
        Path stdout = Files.list(dir).filter(p -> p.getFileName().toString().startsWith("stdout-")).findFirst().orElseThrow();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.readString(stdout).contains("step  100 /") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        child.process().destroy(); // SIGTERM
        CliRun run = child.waitFor();
        assertEquals(143, run.exitCode(), "128 + SIGTERM; stderr: " + run.err());
        Matcher m = Pattern.compile("interrupted after step (\\d+)").matcher(run.err());
        assertTrue(m.find(), run.err());
        assertTrue(run.err().contains("plot: the loss of steps 1 to " + m.group(1) + " drawn to loss.png"), run.err());
        assertImage(dir.resolve("loss.png"), LossPlot.WIDTH, LossPlot.HEIGHT);
    }

    private static void assertImage(Path file, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(width, image.getWidth(), file + " width");
        assertEquals(height, image.getHeight(), file + " height");
    }
}
