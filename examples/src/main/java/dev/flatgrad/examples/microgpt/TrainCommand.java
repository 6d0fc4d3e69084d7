package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.ProgramTooLargeException;
import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import java.awt.AWTError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code microgpt train}: the training run, printed in microgpt.py's format, then samples. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = BuildVersion.class,
        description = {
            "Train microgpt and print samples, in microgpt.py's output format.",
            "Data: --data FILE, else input.txt in the working directory, else embedded",
            "English first names. One document per line; blank lines are dropped;",
            "documents longer than the block size are cut, as microgpt.py cuts them.",
            "Start-up: a short run (up to 20,000 steps at --n-embd 16, fewer for wider",
            "or deeper models) restarts itself in a child JVM whose JIT suits short runs;",
            "FLATGRAD_RELAUNCH=off keeps it in the JVM you started."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:trained (or nothing left to train)", "1:internal error (a bug: please report it), or the --plot picture could not be written",
            "2:bad input (options, data, checkpoint, a model too large)", "3:training diverged",
            "130:interrupted (the checkpoint, if any, was saved first)"})
final class TrainCommand implements Callable<Integer> {
    /** Steps between checkpoints when --checkpoint is given without --checkpoint-every. */
    static final int DEFAULT_CHECKPOINT_EVERY = 100;

    @Option(names = "--data", paramLabel = "FILE", description = "UTF-8 text, one document per line")
    Path data;

    @Mixin
    RunOptions run;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1", description = "documents per step, gradients averaged, packed without padding (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--threads", paramLabel = "N", description = "threads computing a batch's documents; results do not depend on it (default: this machine's cores)")
    Integer threads;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "save the run here (atomically) every --checkpoint-every steps and when it stops; never replaces a file that is not a checkpoint")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "steps between checkpoints, so a killed run loses at most N steps (default: "
            + DEFAULT_CHECKPOINT_EVERY + "; 0: only when the run stops)")
    Integer checkpointEvery;

    @Option(names = "--resume", description = "continue the run saved in --checkpoint")
    boolean resume;

    @Option(names = "--allow-data-change", description = "with --resume: continue on data that differs from the checkpoint's")
    boolean allowDataChange;

    @Option(names = "--until", paramLabel = "STEP", description = "stop after this step (the schedule still spans --steps); resume later with --resume")
    Integer until;

    @Option(names = "--dump-sources", paramLabel = "DIR", description = "write the generated Java source of the model here")
    Path dumpSources;

    @Option(names = "--dump-ir", paramLabel = "DIR", description = "write what each compilation stage made, per program"
            + " (DIR/MicroGpt, DIR/MicroGptSampler): the graph after tracing and after autodiff, the lowering plan,"
            + " the Java source and the compile report")
    Path dumpIr;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "when the run ends (also early: diverged, interrupted), draw its loss curve into this PNG: each step's loss and a moving mean; never replaces a file that is not a PNG")
    Path plot;

    @Option(names = "--html", paramLabel = "DIR", description = "when the run ends, write DIR/index.html: one page"
            + " linking Gpt.java, the forward and backward graphs, the generated Java and its kernels, the compile"
            + " report and the loss curve (see also 'microgpt inspect')")
    Path html;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "20", description = "names to sample after training (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.5", description = "sampling temperature, > 0; lower is more conservative, 1 samples the model as it is (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--check-numerics", description = "check every graph node's values as it is computed and name the first"
            + " NaN or new infinity, its op and source line (several times slower; for finding where training diverges)")
    boolean checkNumerics;

    @Option(names = "--parity", description = "reproduce microgpt.py with these settings exactly: one document per step, f64, exact (refuses --batch, --dtype f32, --numerics fast)")
    boolean parity;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private String dataDescription;

    TrainCommand() {
        this(System.out, System.err, System.console() != null);
    }

    TrainCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        requireValidOptions();
        Documents documents = data != null ? Documents.load(data) : Documents.resolveDefault(Path.of(""));
        dataDescription = documents.description();
        err.println("data: " + dataDescription);
        if (checkpoint != null) {
            OutputPaths.requireCheckpointTarget(checkpoint, documents.file(), resume);
        }
        if (plot != null) {
            OutputPaths.requireImageTarget(plot, "--plot", documents.file(), checkpoint);
        }
        if (html != null) {
            ModelPage.requireWritable(html, "--html");
        }
        if (dumpSources != null) {
            OutputPaths.prepareSourceFolder(dumpSources);
        }
        if (dumpIr != null) {
            OutputPaths.prepareIrFolder(dumpIr);
        }
        try (Trainer trainer = build(documents)) {
            return train(trainer);
        }
    }

    private int train(Trainer trainer) {
        if (trainer.done()) {
            err.println("checkpoint " + checkpoint + " is at step " + trainer.step() + " of " + trainer.options().steps()
                    + ": the run is complete, nothing is left to train. Sample from it with 'sample --checkpoint "
                    + checkpoint + "'");
            return writePage(trainer, plot == null ? 0 : drawPlot(trainer, "", 0));
        }
        int stop = stopStep(trainer);
        out.println("num docs: " + trainer.documentCount());
        out.println("vocab size: " + trainer.config().vocabSize());
        out.println("num params: " + trainer.paramCount());

        try (GracefulStop shutdown = GracefulStop.install()) {
            Progress progress = Progress.forOutput(out, err, terminal, trainer.step(), trainer.options().steps());
            TrainingLoop.Outcome outcome = new TrainingLoop(trainer, checkpoint, checkpointInterval(), err)
                    .run(stop, progress, shutdown);
            int code = finish(trainer, outcome);
            out.flush();
            if (plot != null) {
                code = drawPlot(trainer, ending(outcome), code);
            }
            code = writePage(trainer, code);
            err.flush();
            return code;
        }
    }

    /** Reports how the run ended (samples and summary after a complete run) and returns the exit code. */
    private int finish(Trainer trainer, TrainingLoop.Outcome outcome) {
        switch (outcome.ending()) {
            case DIVERGED -> {
                return diverged(trainer, outcome);
            }
            case INTERRUPTED -> {
                err.println("interrupted after step " + outcome.lastStep()
                        + (checkpoint == null ? "" : "; saved to " + checkpoint + ", continue with --resume"));
                return MicrogptCli.INTERRUPTED;
            }
            default -> { }
        }
        if (trainer.done() && samples > 0) {
            out.println("--- inference (new, hallucinated names) ---");
            List<String> names = trainer.sample(samples, temperature);
            for (int i = 0; i < names.size(); i++) {
                out.printf(Locale.ROOT, "sample %2d: %s%n", i + 1, names.get(i));
            }
        }
        out.printf(Locale.ROOT, "summary: %d steps in %.2f s, %.1f us/step, final loss %s%n", outcome.steps(),
                outcome.seconds(), outcome.seconds() * 1e6 / outcome.steps(), PythonFormat.fixed(outcome.lastLoss(), 4));
        return 0;
    }

    /** How the run ended, for the plot: empty when it trained every step it was asked for. */
    private static String ending(TrainingLoop.Outcome outcome) {
        return switch (outcome.ending()) {
            case DIVERGED -> "; diverged at step " + (outcome.lastStep() + (outcome.nonFinite() != null ? 1 : 0));
            case INTERRUPTED -> "; interrupted after step " + outcome.lastStep();
            default -> "";
        };
    }

    /**
     * Draws the loss curve of every step the trainer knows of into --plot; returns the run's exit code, or 1 if
     * the picture cannot be written (the run itself, and its checkpoint, are complete).
     */
    private int drawPlot(Trainer trainer, String ending, int code) {
        LossHistory losses = trainer.losses();
        if (losses.isEmpty()) {
            err.println("plot: no loss is known of this run's steps, so " + plot + " is not drawn");
            return code;
        }
        String subtitle = dataDescription + "; steps " + losses.firstStep() + " to " + losses.lastStep() + " of "
                + trainer.options().steps() + ending;
        try {
            LossPlot.write(plot, losses, LossPlot.title(trainer.config(), trainer.options()), subtitle);
        } catch (IOException | RuntimeException | AWTError e) {
            err.println("error: could not draw the loss curve into --plot " + plot + ": " + e);
            return code == 0 ? 1 : code;
        }
        err.println("plot: the loss of steps " + losses.firstStep() + " to " + losses.lastStep() + " drawn to " + plot);
        return code;
    }

    /** Writes the --html page, if asked for; returns the run's exit code, or 1 if the page cannot be written. */
    private int writePage(Trainer trainer, int code) {
        if (html == null) {
            return code;
        }
        try {
            Path page = ModelPage.write(trainer.program(), trainer.config(), trainer.losses(), html);
            err.println("html: " + page);
            return code;
        } catch (RuntimeException e) {
            err.println("error: could not write the page into --html " + html + ": " + e.getMessage());
            return code == 0 ? 1 : code;
        }
    }

    private void requireValidOptions() {
        if (parity) {
            require(batch == 1, "--parity reproduces microgpt.py, which trains on one document per step; leave out --batch");
            require(run.precision() == DType.F64, "--parity reproduces microgpt.py, which computes in f64; leave out --dtype f32");
            require(run.numerics() == Numerics.EXACT, "--parity reproduces microgpt.py's rounding; leave out --numerics fast");
        }
        require(!resume || checkpoint != null, "--resume needs --checkpoint FILE to resume from");
        require(!allowDataChange || resume, "--allow-data-change only applies with --resume");
        require(checkpointEvery == null || checkpoint != null, "--checkpoint-every needs --checkpoint FILE to save to");
        require(checkpointEvery == null || checkpointEvery >= 0, "--checkpoint-every must be >= 0, got " + checkpointEvery);
        require(samples >= 0, "--samples must be >= 0, got " + samples);
        require(temperature > 0 && Double.isFinite(temperature), "--temperature must be a positive number, got " + temperature);
        require(until == null || until >= 1, "--until " + until + " would train no step; give a step from 1 to --steps");
        require(threads == null || threads >= 1, "--threads must be at least 1, got " + threads);
        long tokens = (long) run.blockSize() * batch;
        require(tokens <= Integer.MAX_VALUE, String.format(Locale.ROOT,
                "--batch %d x --block-size %d is %,d tokens per step, more than a run can hold", batch, run.blockSize(), tokens));
    }

    private Trainer build(Documents documents) {
        try {
            return resume ? resumed(documents) : started(documents);
        } catch (ProgramTooLargeException e) {
            throw new IllegalArgumentException("these settings make a model too large to run here: " + e.getMessage(), e);
        }
    }

    private int stopStep(Trainer trainer) {
        int stop = until == null ? trainer.options().steps() : until;
        require(stop > trainer.step() && stop <= trainer.options().steps(), "--until " + stop + " must lie after the current step "
                + trainer.step() + " and at most at --steps " + trainer.options().steps());
        return stop;
    }

    private int checkpointInterval() {
        return checkpointEvery != null ? checkpointEvery : DEFAULT_CHECKPOINT_EVERY;
    }

    private int diverged(Trainer trainer, TrainingLoop.Outcome outcome) {
        String what = outcome.nonFinite() != null
                ? "at step " + (outcome.lastStep() + 1) + ", " + outcome.nonFinite().getMessage()
                : Double.isFinite(outcome.lastLoss())
                ? "the params are no longer finite numbers after step " + outcome.lastStep()
                : "the loss is " + PythonFormat.fixed(outcome.lastLoss(), 4) + " at step " + outcome.lastStep();
        err.println("error: training diverged: " + what + ". Try a lower --lr (this run: "
                + run.given("--lr", trainer.options().learningRate()) + ")"
                + (trainer.options().precision() == DType.F32 ? " or --dtype f64" : "")
                + (checkpoint == null ? "" : outcome.savedStep() < 0 ? "; no checkpoint was saved"
                        : "; " + checkpoint + " holds step " + outcome.savedStep() + ", the last finite state")
                + (checkNumerics ? "" : "; --check-numerics names the graph node where it starts"));
        return MicrogptCli.DIVERGED;
    }

    private Trainer started(Documents documents) {
        return Trainer.start(run.shape(), run.trainOptions(batch), documents.documents(), programOptions());
    }

    /** A resumed run keeps the checkpoint's settings; an option given explicitly must agree with them. */
    private Trainer resumed(Documents documents) {
        Checkpoint saved = CheckpointFile.read(checkpoint);
        run.requireAgreement(saved, checkpoint, batch);
        return Trainer.resume(checkpoint, saved, documents.documents(), documents.description(), allowDataChange,
                programOptions());
    }

    private ProgramOptions programOptions() {
        return new ProgramOptions(dumpSources, dumpIr, checkNumerics,
                threads != null ? threads : Runtime.getRuntime().availableProcessors());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
