package dev.flatgrad.examples.bench;

import dev.flatgrad.examples.microgpt.RunOptions;
import dev.flatgrad.examples.microgpt.Trainer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The benchmark grid of microgpt training (JMH): one real trainer step (packing, forward, backward, Adam) for every
 * width × dtype × batch × threads, n_layer 1, 4 heads, block 16. The score is microseconds per step; a step trains
 * {@code batch} documents, so microseconds per document are the score divided by the batch ({@link GridChart} does
 * that). Each point gets a JVM of its own with the vector module, 10 warm-up iterations of 1 s (C2 takes seconds to
 * compile the generated kernels) and 5 measured ones.
 *
 * <p>Run the grid: {@code java -cp examples/target/microgpt.jar org.openjdk.jmh.Main TrainStepBenchmark -p
 * data=names.txt -rf csv -rff grid.csv}; any {@code @Param} can be narrowed with {@code -p name=v1,v2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrainStepBenchmark {
    /** The {@link #data} value that means the embedded names. */
    static final String EMBEDDED = "embedded";

    @Param({"16", "32", "64", "128"})
    int nEmbd;

    @Param({"f32", "f64"})
    String dtype;

    @Param({"1", "16"})
    int batch;

    @Param({"1", "2"})
    int threads;

    @Param("fast")
    String numerics;

    /** A file of documents, one per line, or {@value #EMBEDDED} for the embedded names. */
    @Param(EMBEDDED)
    String data;

    private Trainer trainer;

    @Setup(Level.Trial)
    public void start() {
        trainer = BenchTrainer.start(BenchTrainer.documents(EMBEDDED.equals(data) ? null : Path.of(data)),
                BenchTrainer.shape(nEmbd, 1, 4), batch, RunOptions.precision(dtype), RunOptions.numerics(numerics), threads);
    }

    @TearDown(Level.Trial)
    public void stop() {
        trainer.close();
    }

    /** One training step; its loss goes back to JMH, so nothing of it is optimised away. */
    @Benchmark
    public double step() {
        return trainer.trainStep();
    }
}
