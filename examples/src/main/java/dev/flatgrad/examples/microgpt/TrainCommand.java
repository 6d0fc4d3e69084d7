package dev.flatgrad.examples.microgpt;

import dev.flatgrad.dsl.DType;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code microgpt train}: the training run, printed in microgpt.py's format, then samples. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Train microgpt and print samples, in microgpt.py's output format.",
            "Data: --data FILE, else input.txt in the working directory, else embedded",
            "English first names. One document per line; blank lines are dropped;",
            "documents longer than the block size are cut, as microgpt.py cuts them."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "FILE", description = "UTF-8 text, one document per line")
    Path data;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000", description = "training steps; the learning rate decays to 0 over them (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01", description = "base learning rate of Adam (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1", description = "documents per step, gradients averaged, packed without padding (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--n-embd", paramLabel = "N", defaultValue = "16", description = "embedding width (default: ${DEFAULT-VALUE})")
    int nEmbd;

    @Option(names = "--n-layer", paramLabel = "N", defaultValue = "1", description = "transformer layers (default: ${DEFAULT-VALUE})")
    int nLayer;

    @Option(names = "--n-head", paramLabel = "N", defaultValue = "4", description = "attention heads; must divide --n-embd (default: ${DEFAULT-VALUE})")
    int nHead;

    @Option(names = "--block-size", paramLabel = "N", defaultValue = "16", description = "longest context in tokens (default: ${DEFAULT-VALUE})")
    int blockSize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seed of the Python-compatible RNG: shuffle, weights, sampling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--dtype", paramLabel = "f64|f32", defaultValue = "f64", description = "f64 or f32 (default: ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "save the run here when it stops (written atomically)")
    Path checkpoint;

    @Option(names = "--resume", description = "continue the run saved in --checkpoint")
    boolean resume;

    @Option(names = "--until", paramLabel = "STEP", description = "stop after this step (the schedule still spans --steps); resume later with --resume")
    Integer until;

    @Option(names = "--dump-sources", paramLabel = "DIR", description = "write the generated Java source of the model here")
    Path dumpSources;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "20", description = "names to sample after training (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.5", description = "sampling temperature in (0, 1] (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--parity", description = "microgpt.py exactly: seed 42, its model, one document per step, f64, 1000 steps, lr 0.01, 20 samples at 0.5")
    boolean parity;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

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
        if (parity) {
            requireMicrogptSettings();
        }
        if (resume && checkpoint == null) {
            throw new IllegalArgumentException("--resume needs --checkpoint FILE to resume from");
        }
        if (samples < 0) {
            throw new IllegalArgumentException("--samples must be >= 0, got " + samples);
        }
        if (!(temperature > 0 && temperature <= 1)) {
            throw new IllegalArgumentException("--temperature must be in (0, 1], got " + temperature);
        }
        Documents documents = data != null ? Documents.load(data) : Documents.resolveDefault(Path.of(""));
        err.println("data: " + documents.description());
        Trainer trainer = resume ? resumed(documents.documents()) : started(documents.documents());
        int stop = until == null ? trainer.options().steps() : until;
        if (stop < trainer.step() || stop > trainer.options().steps()) {
            throw new IllegalArgumentException("--until " + stop + " must lie between the current step " + trainer.step()
                    + " and --steps " + trainer.options().steps());
        }
        out.println("num docs: " + trainer.documentCount());
        out.println("vocab size: " + trainer.config().vocabSize());
        out.println("num params: " + trainer.paramCount());

        long start = System.nanoTime();
        int first = trainer.step();
        double loss = Double.NaN;
        try (Progress progress = Progress.forOutput(out, terminal, first, trainer.options().steps())) {
            while (trainer.step() < stop) {
                loss = trainer.trainStep();
                progress.step(trainer.step(), trainer.options().steps(), loss);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (checkpoint != null) {
            CheckpointFile.write(checkpoint, trainer.checkpoint());
            err.println("checkpoint: step " + trainer.step() + " saved to " + checkpoint);
        }
        if (trainer.done() && samples > 0) {
            out.println("--- inference (new, hallucinated names) ---");
            List<String> names = trainer.sample(samples, temperature);
            for (int i = 0; i < names.size(); i++) {
                out.printf(Locale.ROOT, "sample %2d: %s%n", i + 1, names.get(i));
            }
        }
        int trained = trainer.step() - first;
        out.printf(Locale.ROOT, "summary: %d steps in %.2f s, %.1f us/step, final loss %.4f%n", trained, seconds,
                trained == 0 ? 0.0 : seconds * 1e6 / trained, loss);
        return 0;
    }

    private Trainer started(List<String> docs) {
        if (checkpoint != null && !resume && java.nio.file.Files.exists(checkpoint)) {
            err.println("note: " + checkpoint + " exists and will be replaced when this run stops (use --resume to continue it)");
        }
        GptConfig shape = new GptConfig(2, nEmbd, nLayer, nHead, blockSize);
        TrainOptions options = new TrainOptions(steps, learningRate, batch, seed, precision());
        return Trainer.start(shape, options, docs, dumpSources);
    }

    /** A resumed run keeps the checkpoint's settings; an option given explicitly must agree with them. */
    private Trainer resumed(List<String> docs) {
        Checkpoint saved = CheckpointFile.read(checkpoint);
        TrainOptions o = Trainer.optionsOf(saved);
        GptConfig c = saved.config();
        List<String> conflicts = new java.util.ArrayList<>();
        conflict(conflicts, "--steps", o.steps(), steps);
        conflict(conflicts, "--lr", o.learningRate(), learningRate);
        conflict(conflicts, "--batch", o.batch(), batch);
        conflict(conflicts, "--seed", o.seed(), seed);
        conflict(conflicts, "--dtype", saved.precision(), dtype.toLowerCase(Locale.ROOT));
        conflict(conflicts, "--n-embd", c.nEmbd(), nEmbd);
        conflict(conflicts, "--n-layer", c.nLayer(), nLayer);
        conflict(conflicts, "--n-head", c.nHead(), nHead);
        conflict(conflicts, "--block-size", c.blockSize(), blockSize);
        if (!conflicts.isEmpty()) {
            throw new CheckpointException("checkpoint " + checkpoint + " was saved with " + String.join(", ", conflicts)
                    + "; a resumed run keeps the checkpoint's settings (leave these options out)");
        }
        return Trainer.resume(checkpoint, saved, docs, dumpSources);
    }

    private void conflict(List<String> conflicts, String option, Object saved, Object given) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option) && !saved.equals(given)) {
            conflicts.add(option + " " + saved + " (not " + given + ")");
        }
    }

    private DType precision() {
        switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f64": return DType.F64;
            case "f32": return DType.F32;
            default: throw new IllegalArgumentException("--dtype must be f64 or f32, got '" + dtype + "'");
        }
    }

    /** --parity promises microgpt.py's numbers, so settings that would change them are refused. */
    private void requireMicrogptSettings() {
        require(seed == 42, "--seed 42");
        require(batch == 1, "--batch 1 (one document per step)");
        require(precision() == DType.F64, "--dtype f64");
        require(steps == 1000 && learningRate == 0.01, "--steps 1000 and --lr 0.01");
        require(nEmbd == 16 && nLayer == 1 && nHead == 4 && blockSize == 16,
                "--n-embd 16 --n-layer 1 --n-head 4 --block-size 16");
        require(samples == 20 && temperature == 0.5, "--samples 20 --temperature 0.5");
    }

    private static void require(boolean ok, String setting) {
        if (!ok) {
            throw new IllegalArgumentException("--parity reproduces microgpt.py and needs " + setting);
        }
    }
}
