package dev.flatgrad.spark;

import dev.flatgrad.examples.microgpt.CliErrors;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code flatgrad-spark}: microgpt trained data-parallel on Apache Spark. */
@Command(name = "flatgrad-spark", mixinStandardHelpOptions = true,
        description = {
            "Trains Karpathy's microgpt data-parallel on Apache Spark: each step's documents are",
            "split across partitions, and the numbers are those of the single-process trainer.",
            "",
            "Start with:  spark-submit --master 'local[*]' flatgrad-spark.jar train",
            "Details:     spark-submit flatgrad-spark.jar train --help"},
        subcommands = {SparkTrainCommand.class, CommandLine.HelpCommand.class})
public final class SparkCli implements Runnable {
    /** Exit code for bad input: missing or malformed data, invalid options, unusable checkpoints. */
    static final int BAD_INPUT = CliErrors.BAD_INPUT;
    /** Exit code for a run stopped at a non-finite loss, gradient or param. */
    static final int DIVERGED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // buffered: a line per step must not cost a system call each; the command flushes after each round
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        int code = run(out, System.err, SparkContexts.OWN, args);
        out.flush();
        System.exit(code);
    }

    /** Runs the command line with the given streams and Spark contexts; returns its exit code. */
    static int run(PrintStream out, PrintStream err, SparkContexts contexts, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == SparkTrainCommand.class) {
                    return type.cast(new SparkTrainCommand(out, err, contexts));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cli = new CommandLine(new SparkCli(), factory);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CliErrors.install(cli);
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
