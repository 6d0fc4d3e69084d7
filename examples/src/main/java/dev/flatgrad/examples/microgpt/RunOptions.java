package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of a training run that every trainer's command line shares (microgpt's {@code train}, the Spark
 * trainer): the schedule, the model's shape, the seed and the arithmetic. A picocli mixin.
 */
public final class RunOptions {
    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000", description = "training steps; the learning rate decays to 0 over them (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01", description = "base learning rate of Adam (default: ${DEFAULT-VALUE})")
    double learningRate;

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

    @Option(names = "--numerics", paramLabel = "exact|fast", defaultValue = "exact", description = "exact: the same operations in the same order as the scalar reference (microgpt.py's numbers); fast: fused multiply-adds, vector exp and log, sums in any order (default: ${DEFAULT-VALUE})")
    String numerics;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    public int steps() {
        return steps;
    }

    public int blockSize() {
        return blockSize;
    }

    /** The model's shape (its vocabulary comes from the data later). */
    public GptConfig shape() {
        return new GptConfig(2, nEmbd, nLayer, nHead, blockSize);
    }

    /** The run's options with {@code batch} documents per step. */
    public TrainOptions trainOptions(int batch) {
        return new TrainOptions(steps, learningRate, batch, seed, precision(), numerics());
    }

    public DType precision() {
        return precision(dtype);
    }

    public Numerics numerics() {
        return numerics(numerics);
    }

    /**
     * {@code f64} or {@code f32}, in any case.
     *
     * @throws IllegalArgumentException naming the value, for anything else
     */
    public static DType precision(String dtype) {
        return switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f64" -> DType.F64;
            case "f32" -> DType.F32;
            default -> throw new IllegalArgumentException("--dtype must be f64 or f32, got '" + dtype + "'");
        };
    }

    /**
     * {@code exact} or {@code fast}, in any case.
     *
     * @throws IllegalArgumentException naming the value, for anything else
     */
    public static Numerics numerics(String numerics) {
        return switch (numerics.toLowerCase(Locale.ROOT)) {
            case "exact" -> Numerics.EXACT;
            case "fast" -> Numerics.FAST;
            default -> throw new IllegalArgumentException("--numerics must be exact or fast, got '" + numerics + "'");
        };
    }

    /**
     * A resumed run keeps its checkpoint's settings: refuses options given explicitly that disagree with them
     * ({@code batch} is the command's --batch).
     *
     * @throws CheckpointException naming each disagreement
     */
    public void requireAgreement(Checkpoint saved, java.nio.file.Path checkpoint, int batch) {
        TrainOptions o = Trainer.optionsOf(saved);
        GptConfig c = saved.config();
        List<String> conflicts = new ArrayList<>();
        conflict(conflicts, "--steps", o.steps(), steps);
        conflict(conflicts, "--lr", o.learningRate(), learningRate);
        conflict(conflicts, "--batch", o.batch(), batch);
        conflict(conflicts, "--seed", o.seed(), seed);
        conflict(conflicts, "--dtype", saved.precision(), dtype.toLowerCase(Locale.ROOT));
        conflict(conflicts, "--numerics", saved.numerics(), numerics.toLowerCase(Locale.ROOT));
        conflict(conflicts, "--n-embd", c.nEmbd(), nEmbd);
        conflict(conflicts, "--n-layer", c.nLayer(), nLayer);
        conflict(conflicts, "--n-head", c.nHead(), nHead);
        conflict(conflicts, "--block-size", c.blockSize(), blockSize);
        if (!conflicts.isEmpty()) {
            throw new CheckpointException("checkpoint " + checkpoint + " was saved with " + String.join(", ", conflicts)
                    + "; a resumed run keeps the checkpoint's settings (leave these options out)");
        }
    }

    /** An option's value as the user typed it, else {@code value}. */
    public String given(String option, Object value) {
        var parsed = command.commandLine().getParseResult().matchedOption(option);
        return parsed == null ? String.valueOf(value) : String.join(" ", parsed.originalStringValues());
    }

    private void conflict(List<String> conflicts, String option, Object saved, Object given) {
        if (command.commandLine().getParseResult().hasMatchedOption(option) && !saved.equals(given)) {
            conflicts.add(option + " " + saved + " (not " + given + ")");
        }
    }
}
