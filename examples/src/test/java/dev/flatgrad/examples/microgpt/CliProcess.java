package dev.flatgrad.examples.microgpt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The microgpt command line in a JVM of its own, as a user runs it: for what only a process shows (a heap of
 * a given size, kill -9, SIGTERM). Output goes to files in {@code dir}, read when the process ends.
 */
final class CliProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code java -Xmx<heap> -cp <this test's class path> MicrogptCli args} in {@code dir}. */
    static CliProcess start(Path dir, String heap, String... args) {
        return start(dir, Map.of(), heap, args);
    }

    /** As {@link #start(Path, String, String...)}, with {@code environment} added to this JVM's. */
    static CliProcess start(Path dir, Map<String, String> environment, String heap, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), MicrogptCli.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout-" + System.nanoTime() + ".txt");
        Path err = dir.resolve("stderr-" + System.nanoTime() + ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process p = builder.start();
            return new CliProcess(p, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to the end (at most two minutes). */
    static CliRun run(Path dir, String heap, String... args) {
        return start(dir, heap, args).waitFor();
    }

    Process process() {
        return process;
    }

    CliRun waitFor() {
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the command line did not finish within two minutes: " + read(err));
            }
            return new CliRun(process.exitValue(), read(out), read(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
