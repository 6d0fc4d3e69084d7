package dev.flatgrad.examples.microgpt;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code microgpt}: train Karpathy's microgpt with flatgrad, and sample from a checkpoint. */
@Command(name = "microgpt", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = {
            "Trains the tiny GPT of Karpathy's microgpt.py - declared as a flatgrad graph,",
            "compiled to flat-loop Java - then samples new documents (names) from it.",
            "",
            "Start with:  java -jar microgpt.jar train",
            "(1000 steps on input.txt if present, else on embedded English first names)",
            "Details:     java -jar microgpt.jar train --help",
            "See inside:  java -jar microgpt.jar inspect --html page   (then open page/index.html)"},
        subcommands = {TrainCommand.class, SampleCommand.class, InspectCommand.class, CommandLine.HelpCommand.class})
public final class MicrogptCli implements Runnable {
    /** Exit code for bad input: missing or malformed data, invalid options, unusable checkpoints. */
    static final int BAD_INPUT = CliErrors.BAD_INPUT;
    /** Exit code for a run stopped at a non-finite loss or param. */
    static final int DIVERGED = 3;
    /** Exit code for a run stopped by Ctrl-C or SIGTERM (the shell's 128 + SIGINT). */
    static final int INTERRUPTED = 130;

    public static void main(String[] args) {
        OptionalInt child = Relaunch.runInChild(args);
        if (child.isPresent()) {
            System.exit(child.getAsInt());
        }
        Relaunch.watchParentIfChild();
        Headless.ensure();
        // buffered: a line per training step must not cost a system call each; Progress flushes often enough
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        int code = run(out, System.err, System.console() != null, args);
        out.flush();
        System.exit(code);
    }

    /** Runs the command line with the given streams and returns its exit code. */
    static int run(PrintStream out, PrintStream err, boolean terminal, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == TrainCommand.class) {
                    return type.cast(new TrainCommand(out, err, terminal));
                }
                if (type == SampleCommand.class) {
                    return type.cast(new SampleCommand(out, err));
                }
                if (type == InspectCommand.class) {
                    return type.cast(new InspectCommand(out, err));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cli = new CommandLine(new MicrogptCli(), factory);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CliErrors.install(cli);
        return cli.execute(args);
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
