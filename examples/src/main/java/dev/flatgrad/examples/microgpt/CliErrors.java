package dev.flatgrad.examples.microgpt;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * How flatgrad's command lines report mistakes: one {@code error:} line and exit code {@value #BAD_INPUT} for bad
 * input (options, data, checkpoints, output paths), never a stack trace; anything else is a bug and propagates.
 */
public final class CliErrors {
    /** Exit code for bad input: missing or malformed data, invalid options, unusable checkpoints. */
    public static final int BAD_INPUT = 2;

    private CliErrors() {
    }

    public static void install(CommandLine cli) {
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof DataException || e instanceof CheckpointException || e instanceof IllegalArgumentException) {
                PrintWriter errors = commandLine.getErr();
                errors.println("error: " + e.getMessage());
                errors.flush();
                return BAD_INPUT;
            }
            throw e;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            PrintWriter errors = command.getErr();
            errors.println("error: " + e.getMessage());
            errors.println("(see '" + command.getCommandSpec().qualifiedName() + " --help')");
            errors.flush();
            return BAD_INPUT;
        });
    }
}
