package dev.flatgrad.examples.microgpt;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of the microgpt command line with captured output. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        return run(false, args);
    }

    /** As if the output were a terminal: a progress bar instead of one line per step. */
    static CliRun onTerminal(String... args) {
        return run(true, args);
    }

    private static CliRun run(boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MicrogptCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal, args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** stdout without the closing summary line (wall time varies). */
    String outWithoutSummary() {
        return out.replaceAll("(?m)^summary: .*\\R", "");
    }
}
