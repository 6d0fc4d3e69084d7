package dev.flatgrad.spark;

import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.examples.microgpt.Checkpoint;
import dev.flatgrad.examples.microgpt.GptConfig;
import dev.flatgrad.examples.microgpt.ProgramOptions;
import dev.flatgrad.examples.microgpt.TrainOptions;
import dev.flatgrad.examples.microgpt.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * microgpt trained data-parallel on Spark. The driver holds the run as a single-process {@link Trainer} does (the
 * same shuffle, initial weights, RNG, params and Adam state, so checkpoints and sampling are the trainer's); each
 * step's batch is split across partitions ({@link Shards}), whose tasks compute on executors with programs kept
 * per JVM ({@link ExecutorPrograms}).
 *
 * <p>{@link Mode#SYNC}: per step, the tasks return their gradients, summed in partition order on the driver, which
 * applies one Adam update: the params follow the single-process run's to rounding (exactly with one partition).
 * {@link Mode#AVERAGE}: per round of K steps, each partition trains alone, then params and moments are averaged.
 * The encoded documents are broadcast once per run.
 */
public final class SparkTrainer implements AutoCloseable {
    /** The driver computes nothing itself: its trainer needs no threads. */
    private static final ProgramOptions DRIVER = new ProgramOptions(null, null, false, 1);

    private final JavaSparkContext spark;
    private final Trainer trainer;
    private final SparkTrainOptions options;
    private final RunSpec run;
    private final ParamLayout layout;
    private final Broadcast<int[][]> documents;
    private final JavaRDD<Integer> partitions;
    private TaskHook hook = TaskHook.NONE;

    private SparkTrainer(JavaSparkContext spark, Trainer trainer, SparkTrainOptions options) {
        this.spark = spark;
        this.trainer = trainer;
        this.options = options;
        this.run = RunSpec.of(trainer.config(), trainer.options());
        this.layout = ParamLayout.of(trainer.program());
        this.documents = spark.broadcast(trainer.encodedDocuments());
        List<Integer> indices = IntStream.range(0, options.partitions()).boxed().toList();
        this.partitions = spark.parallelize(indices, options.partitions());
    }

    /** A new run, started as the single-process trainer starts it. */
    public static SparkTrainer start(JavaSparkContext spark, GptConfig shape, TrainOptions options, List<String> documents,
                                     SparkTrainOptions sparkOptions) {
        requireSplittable(options.batch(), sparkOptions);
        return new SparkTrainer(spark, Trainer.start(shape, options, documents, DRIVER), sparkOptions);
    }

    /** Continues a run from a checkpoint (see {@link Trainer#resume}); a single-process run's checkpoint will do. */
    public static SparkTrainer resume(JavaSparkContext spark, Path file, Checkpoint checkpoint, List<String> documents,
                                      String dataDescription, boolean allowDataChange, SparkTrainOptions sparkOptions) {
        requireSplittable(checkpoint.batchSize(), sparkOptions);
        return new SparkTrainer(spark, Trainer.resume(file, checkpoint, documents, dataDescription, allowDataChange, DRIVER),
                sparkOptions);
    }

    /** Checks that a batch of {@code batch} documents can be split as {@code options} asks. */
    static void requireSplittable(int batch, SparkTrainOptions options) {
        if (batch < 2) {
            throw new IllegalArgumentException("--batch must be at least 2 to share a step's documents among partitions,"
                    + " got " + batch + " (one document per step is microgpt.py's run: use microgpt.jar for it)");
        }
        int micro = Shards.microBatches(batch);
        if (options.partitions() > micro) {
            throw new IllegalArgumentException("--partitions " + options.partitions() + " is more than the " + micro
                    + " micro-batch" + (micro == 1 ? "" : "es") + " of up to " + Trainer.MICRO_BATCH + " documents in --batch "
                    + batch + ", and each partition needs one: give --batch " + ((options.partitions() - 1) * Trainer.MICRO_BATCH + 1)
                    + " or more, or at most " + micro + " partitions");
        }
    }

    /**
     * Trains one round up to step {@code stop} at most: one step in sync mode; in average mode the steps to the
     * next multiple of K (rounds are aligned to them, so a run resumed at one continues as the straight run).
     */
    public Round train(int stop) {
        int first = trainer.step();
        if (stop <= first || stop > trainer.options().steps()) {
            throw new IllegalArgumentException("cannot train from step " + first + " to " + stop + " of "
                    + trainer.options().steps());
        }
        if (options.mode() == Mode.SYNC) {
            return syncStep(first);
        }
        int k = options.averageEvery();
        return averagingRound(first, Math.min(k - first % k, stop - first));
    }

    private Round syncStep(int step) {
        Program program = trainer.program();
        Transport.Shipment<double[]> params = options.transport().ship(spark, layout.params(program));
        List<PartitionGradient> parts;
        try {
            parts = partitions.mapPartitionsWithIndex(
                    new GradientTask(run, options.partitions(), step, documents, params, hook), true).collect();
        } finally {
            params.release();
        }
        double loss = 0;
        double[] sum = null;
        for (int p = 0; p < parts.size(); p++) {
            PartitionGradient part = parts.get(p);
            requireOrder(p, part.partition());
            loss += part.loss();
            sum = PartitionSum.add(sum, part.gradient(), run.precision());
        }
        double[] losses = {loss};
        String divergence = !Double.isFinite(loss) ? "the loss is " + loss + " at step " + (step + 1)
                : nonFinite(sum, "the gradient", step);
        if (divergence != null) {
            return new Round(step, losses, divergence);
        }
        layout.setGradients(program, sum);
        program.update(trainer.options().learningRateAt(step));
        trainer.advance(1);
        return new Round(step, losses, null);
    }

    private Round averagingRound(int first, int steps) {
        Program program = trainer.program();
        ModelState before = ModelState.of(program, layout);
        Transport.Shipment<ModelState> start = options.transport().ship(spark, before);
        List<PartitionState> parts;
        try {
            parts = partitions.mapPartitionsWithIndex(
                    new LocalStepsTask(run, options.partitions(), first, steps, documents, start, hook), true).collect();
        } finally {
            start.release();
        }
        double[] losses = new double[steps];
        double[] params = null;
        double[] m = null;
        double[] v = null;
        for (int p = 0; p < parts.size(); p++) {
            PartitionState part = parts.get(p);
            requireOrder(p, part.partition());
            // each partition's mean over its documents, weighted by its share: the batch mean (one share: exactly)
            double share = (double) part.documents() / run.batch();
            for (int i = 0; i < steps; i++) {
                losses[i] += part.losses()[i] * share;
            }
            params = PartitionSum.add(params, part.state().params(), DType.F64);
            m = PartitionSum.add(m, part.state().m(), DType.F64);
            v = PartitionSum.add(v, part.state().v(), DType.F64);
        }
        for (double[] sum : List.of(params, m, v)) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= parts.size();
            }
        }
        String divergence = null;
        for (int i = 0; i < steps && divergence == null; i++) {
            if (!Double.isFinite(losses[i])) {
                divergence = "the loss is " + losses[i] + " at step " + (first + i + 1);
            }
        }
        if (divergence == null) {
            divergence = nonFinite(params, "the averaged params", first + steps - 1);
        }
        if (divergence != null) {
            return new Round(first, losses, divergence);
        }
        new ModelState(params, m, v, before.optimizerSteps() + steps).writeInto(program, layout);
        trainer.advance(steps);
        return new Round(first, losses, null);
    }

    private static String nonFinite(double[] values, String what, int step) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return what + " holds " + values[i] + " (value " + i + ") at step " + (step + 1);
            }
        }
        return null;
    }

    private static void requireOrder(int expected, int partition) {
        if (partition != expected) {
            throw new IllegalStateException("Spark returned partition " + partition + " where " + expected + " belongs");
        }
    }

    /** The driver's run: step, params and Adam state, checkpoints, sampling. */
    public Trainer trainer() {
        return trainer;
    }

    public SparkTrainOptions options() {
        return options;
    }

    /** Sets the hook every task runs first (tests). */
    void taskHook(TaskHook hook) {
        this.hook = hook;
    }

    /** Frees the documents' broadcast and the driver's trainer; the Spark context stays the caller's. */
    @Override
    public void close() {
        documents.destroy();
        trainer.close();
    }
}
