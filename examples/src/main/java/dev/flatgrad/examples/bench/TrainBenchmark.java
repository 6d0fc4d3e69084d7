package dev.flatgrad.examples.bench;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.examples.microgpt.Documents;
import dev.flatgrad.examples.microgpt.Trainer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Microseconds per document of steady-state microgpt training: the real trainer (packing, forward, backward,
 * Adam) stepped for warm-up windows, then timed windows; prints the median window with the fastest and slowest.
 * One configuration per JVM (a JVM that ran other vector code may run later vector code slower).
 */
@Command(name = "train-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Steady-state microseconds per document of microgpt training, one configuration per run.")
public final class TrainBenchmark implements Callable<Integer> {
    @Mixin
    BenchModelOptions model;

    @Option(names = "--batch", defaultValue = "16", description = "documents per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--dtype", defaultValue = "f32", converter = BenchTrainer.PrecisionConverter.class,
            description = "f32 or f64 (default: ${DEFAULT-VALUE})")
    DType precision;

    @Option(names = "--numerics", defaultValue = "exact", converter = BenchTrainer.NumericsConverter.class,
            description = "exact or fast (default: ${DEFAULT-VALUE})")
    Numerics rounding;

    @Option(names = "--threads", defaultValue = "1", description = "threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--window", defaultValue = "1.0", description = "seconds per window (default: ${DEFAULT-VALUE})")
    double window;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed windows first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--windows", defaultValue = "7", description = "timed windows (default: ${DEFAULT-VALUE})")
    int windows;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        Documents docs = model.documents();
        double[] micros = new double[windows];
        try (Trainer trainer = BenchTrainer.start(docs, model.shape(), batch, precision, rounding, threads)) {
            for (int w = 0; w < warmup; w++) {
                window(trainer);
            }
            for (int w = 0; w < windows; w++) {
                micros[w] = window(trainer);
            }
        }
        Arrays.sort(micros);
        System.out.printf(Locale.ROOT, "%s %s %s batch %d, %d thread(s): median %.2f us/doc (fastest %.2f, slowest %.2f) on %s%n",
                model.label(), precision, rounding.name().toLowerCase(Locale.ROOT), batch, threads, micros[windows / 2], micros[0], micros[windows - 1],
                docs.description());
        return 0;
    }

    /** Microseconds per document over one window of whole steps. */
    private double window(Trainer trainer) {
        long start = System.nanoTime();
        long end = start + (long) (window * 1e9);
        long steps = 0;
        long now;
        do {
            trainer.trainStep();
            steps++;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / 1e3 / (steps * batch);
    }
}
