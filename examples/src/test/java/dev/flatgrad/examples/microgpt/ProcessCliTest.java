package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line as a process: a heap too small for the model is refused up front with the -Xmx it needs;
 * kill -9 loses at most --checkpoint-every steps and the killed write's temp file is cleaned up by the next
 * write; SIGTERM saves the checkpoint before the JVM exits. The last two both for a run the CLI relaunches in a
 * child JVM (a short one) and for one it runs in its own ({@code FLATGRAD_RELAUNCH=off}); killing the parent with
 * -9 leaves no child training.
 */
class ProcessCliTest {
    /** At width 8, the most steps the CLI still relaunches with C1 alone ({@link JitChoice}). */
    private static final String SHORT_RUN_STEPS = Long.toString(JitChoice.SHORT_RUN_WORK * 4);
    private static final Pattern LOSS = Pattern.compile("(?m)^step +(\\d+) / +\\d+ \\| loss (\\S+)$");

    @TempDir
    Path dir;

    private Path names() throws IOException {
        return SmallNames.write(dir);
    }

    @Test
    void modelsLargerThanTheHeapAreRefusedUpFrontWithTheHeapTheyNeed() throws IOException {
        String data = names().toString();
        for (String[] settings : List.of(new String[] {"--n-embd", "1024"}, new String[] {"--n-embd", "4096"},
                new String[] {"--block-size", "10000"})) {
            CliRun run = CliProcess.run(dir, "256m", "train", "--data", data, settings[0], settings[1]);
            assertEquals(MicrogptCli.BAD_INPUT, run.exitCode(), String.join(" ", settings) + ": " + run.err());
            assertTrue(run.err().matches("(?s).*error: these settings make a model too large to run here: the buffers of"
                    + " program MicroGpt need about [0-9.]+ [MG]iB, more than this JVM can give them \\(maximum heap"
                    + " [0-9.]+ MiB, -Xmx\\); run java with -Xmx[0-9]+[gm] or more.*"), run.err());
            assertFalse(run.err().contains("\tat ") || run.out().contains("step    1 /"), run.err() + run.out());
        }
    }

    @ParameterizedTest(name = "relaunched: {0}")
    @ValueSource(booleans = {true, false})
    void aKilledRunLosesAtMostCheckpointEverySteps(boolean relaunched) throws Exception {
        String data = names().toString();
        Path checkpoint = dir.resolve("run.ckpt");
        CliProcess child = CliProcess.start(dir, relaunch(relaunched), "256m", "train", "--data", data,
                "--steps", SHORT_RUN_STEPS, "--n-embd", "8",
                "--checkpoint", checkpoint.toString(), "--checkpoint-every", "20", "--samples", "0");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(checkpoint) && child.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(checkpoint), "a periodic checkpoint appears");
        List<ProcessHandle> children = child.process().children().toList();
        assertEquals(relaunched ? 1 : 0, children.size(), "JVMs the run started: " + children);
        child.process().destroyForcibly().waitFor(); // kill -9
        for (ProcessHandle orphan : children) {
            orphan.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS); // the child halts when its parent dies
        }
        // what a kill during a write leaves behind: the temp file of a process that no longer runs
        Path abandoned = dir.resolve(".run.ckpt." + child.process().pid() + ".deadbeef.tmp");
        Files.write(abandoned, new byte[4096]);

        int saved = CheckpointFile.read(checkpoint).step();
        assertTrue(saved >= 20 && saved % 20 == 0, "saved at a multiple of 20: " + saved);
        CliRun resumed = CliRun.of("train", "--data", data, "--resume", "--checkpoint", checkpoint.toString(),
                "--until", Integer.toString(saved + 5), "--samples", "0");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertFalse(Files.exists(abandoned), "the next write of the checkpoint deletes the killed write's temp file");

        CliRun straight = CliRun.of("train", "--data", data, "--steps", SHORT_RUN_STEPS, "--n-embd", "8",
                "--until", Integer.toString(saved + 5), "--samples", "0");
        List<String> all = losses(straight.out());
        assertEquals(all.subList(saved, saved + 5), losses(resumed.out()), "resuming continues the run exactly");
    }

    @ParameterizedTest(name = "relaunched: {0}")
    @ValueSource(booleans = {true, false})
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void sigtermSavesTheCheckpointBeforeExiting(boolean relaunched) throws Exception {
        Path checkpoint = dir.resolve("run.ckpt");
        CliProcess child = CliProcess.start(dir, relaunch(relaunched), "256m", "train", "--data", names().toString(),
                "--steps", SHORT_RUN_STEPS, "--n-embd", "8", "--checkpoint", checkpoint.toString(),
                "--checkpoint-every", "0", "--samples", "0");
        Path stdout = Files.list(dir).filter(p -> p.getFileName().toString().startsWith("stdout-")).findFirst().orElseThrow();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.readString(stdout).contains("step  100 /") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(relaunched ? 1 : 0, child.process().children().count(), "JVMs the run started");
        child.process().destroy(); // SIGTERM
        CliRun run = child.waitFor();
        assertEquals(143, run.exitCode(), "128 + SIGTERM; stderr: " + run.err());
        Matcher m = Pattern.compile("interrupted after step (\\d+); saved to .*run.ckpt, continue with --resume")
                .matcher(run.err());
        assertTrue(m.find(), run.err());
        int last = Integer.parseInt(m.group(1));
        assertEquals(last, CheckpointFile.read(checkpoint).step(), "the checkpoint holds the last step trained");
        List<String> printed = losses(run.out());
        assertEquals(last, printed.size(), "every trained step was printed before the JVM exited");
    }

    @Test
    void aShortRunWithTheVectorApiRelaunchesWithoutItAndWithTheEnvironmentsOptionsOnce() throws Exception {
        Path sources = dir.resolve("sources");
        CliRun run = CliProcess.start(dir, Map.of("JDK_JAVA_OPTIONS", "--add-modules jdk.incubator.vector"), "256m",
                "train", "--data", names().toString(), "--steps", "20", "--samples", "0",
                "--dump-sources", sources.toString()).waitFor();
        assertEquals(0, run.exitCode(), run.err());
        try (var files = Files.walk(sources)) {
            String source = Files.readString(files.filter(f -> f.toString().endsWith(".java")).findFirst().orElseThrow());
            assertFalse(source.contains("jdk.incubator.vector"), "the child compiled scalar code");
        }
        assertEquals(1, count(run.err(), "Picked up JDK_JAVA_OPTIONS"), run.err());
        assertEquals(1, count(run.err(), "Using incubator modules"), run.err());
    }

    private static long count(String text, String what) {
        return Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }

    private static Map<String, String> relaunch(boolean relaunched) {
        return relaunched ? Map.of() : Map.of(Relaunch.ENVIRONMENT, "off");
    }

    private static List<String> losses(String out) {
        return LOSS.matcher(out).results().map(r -> r.group(2)).toList();
    }
}
