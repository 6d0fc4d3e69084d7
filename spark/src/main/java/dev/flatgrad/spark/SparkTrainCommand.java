package dev.flatgrad.spark;

import dev.flatgrad.examples.microgpt.Checkpoint;
import dev.flatgrad.examples.microgpt.CheckpointFile;
import dev.flatgrad.examples.microgpt.Documents;
import dev.flatgrad.examples.microgpt.OutputPaths;
import dev.flatgrad.examples.microgpt.PythonFormat;
import dev.flatgrad.examples.microgpt.RunOptions;
import dev.flatgrad.examples.microgpt.TrainOptions;
import dev.flatgrad.examples.microgpt.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flatgrad-spark train}: microgpt's training run, data-parallel on Spark, printed in microgpt.py's format. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Train microgpt on Spark and print samples, in microgpt.py's output format.",
            "Each step's --batch documents are split across --partitions tasks. --mode sync sums",
            "their gradients on the driver, which applies Adam: the numbers of the single-process",
            "trainer ('microgpt.jar train' with the same options). --mode average trains each",
            "partition alone for --average-every steps, then averages params and Adam moments.",
            "Data: --data PATH (any file system Spark reads: hdfs://, s3a://, file:, local),",
            "else input.txt in the working directory, else embedded English first names.",
            "Spark logs at WARN; the losses go to stdout, everything else to stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:trained (or nothing left to train)", "1:internal error, or Spark failed",
            "2:bad input (options, data, checkpoint)", "3:training diverged"})
final class SparkTrainCommand implements Callable<Integer> {
    static final int DEFAULT_CHECKPOINT_EVERY = 100;
    static final int DEFAULT_AVERAGE_EVERY = 10;

    @Option(names = "--data", paramLabel = "PATH", description = "UTF-8 text, one document per line, read by the driver")
    String data;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[*] (default: spark-submit's --master, else local[*])")
    String master;

    @Option(names = "--partitions", paramLabel = "P", description = "tasks per step, at most one per 8 documents of --batch (default: Spark's default parallelism, at most that)")
    Integer partitions;

    @Option(names = "--mode", paramLabel = "sync|average", defaultValue = "sync", description = "sync: one Adam update of the summed gradients per step; average: parameter averaging (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--average-every", paramLabel = "K", description = "with --mode average: local steps between averages (default: " + DEFAULT_AVERAGE_EVERY + ")")
    Integer averageEvery;

    @Option(names = "--ship", paramLabel = "closure|broadcast", defaultValue = "closure", description = "how params reach the tasks: in their closure or as a broadcast variable (default: ${DEFAULT-VALUE})")
    String ship;

    @Mixin
    RunOptions run;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "32", description = "documents per step (global batch), at least 2 (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "the driver saves the run here (atomically, checksummed) every --checkpoint-every steps and at the end; microgpt.jar's format")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "steps between checkpoints (default: " + DEFAULT_CHECKPOINT_EVERY + "; 0: only at the end; average mode: a multiple of --average-every)")
    Integer checkpointEvery;

    @Option(names = "--resume", description = "continue the run saved in --checkpoint (a sync run resumes a microgpt.jar checkpoint too)")
    boolean resume;

    @Option(names = "--allow-data-change", description = "with --resume: continue on data that differs from the checkpoint's")
    boolean allowDataChange;

    @Option(names = "--until", paramLabel = "STEP", description = "stop after this step (the schedule still spans --steps); resume later with --resume")
    Integer until;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "20", description = "names to sample after training (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.5", description = "sampling temperature, > 0 (default: ${DEFAULT-VALUE})")
    double temperature;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;
    private final SparkContexts contexts;

    SparkTrainCommand(PrintStream out, PrintStream err, SparkContexts contexts) {
        this.out = out;
        this.err = err;
        this.contexts = contexts;
    }

    @Override
    public Integer call() {
        requireValidOptions();
        JavaSparkContext context = openContext();
        try {
            Documents documents = data != null ? HadoopDocuments.load(data, context.hadoopConfiguration())
                    : Documents.resolveDefault(Path.of(""));
            err.println("data: " + documents.description());
            if (checkpoint != null) {
                OutputPaths.requireCheckpointTarget(checkpoint, documents.file(), resume);
            }
            try (SparkTrainer trainer = resume ? resumed(context, documents) : started(context, documents)) {
                return train(trainer, context);
            }
        } finally {
            contexts.release(context);
        }
    }

    private JavaSparkContext openContext() {
        try {
            return contexts.open(master);
        } catch (RuntimeException e) {
            if (master != null && e.getMessage() != null && e.getMessage().contains("Master URL")) {
                throw new IllegalArgumentException("--master " + master + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private int train(SparkTrainer spark, JavaSparkContext context) {
        Trainer trainer = spark.trainer();
        if (trainer.done()) {
            err.println("checkpoint " + checkpoint + " is at step " + trainer.step() + " of " + trainer.options().steps()
                    + ": the run is complete, nothing is left to train");
            return 0;
        }
        int total = trainer.options().steps();
        int stop = until == null ? total : until;
        require(stop > trainer.step() && stop <= total, "--until " + stop + " must lie after the current step "
                + trainer.step() + " and at most at --steps " + total);
        SparkTrainOptions o = spark.options();
        err.println("spark: " + context.master() + ", " + o.partitions() + " partition" + (o.partitions() == 1 ? "" : "s")
                + ", " + (o.mode() == Mode.SYNC ? "sync" : "average every " + o.averageEvery() + " steps")
                + ", params in the " + o.transport().name().toLowerCase(Locale.ROOT));
        out.println("num docs: " + trainer.documentCount());
        out.println("vocab size: " + trainer.config().vocabSize());
        out.println("num params: " + trainer.paramCount());
        out.flush();

        int every = checkpointEvery != null ? checkpointEvery : DEFAULT_CHECKPOINT_EVERY;
        int first = trainer.step();
        int saved = -1;
        double loss = Double.NaN;
        long start = System.nanoTime();
        while (trainer.step() < stop) {
            int before = trainer.step();
            Round round = spark.train(stop);
            for (int i = 0; i < round.losses().length; i++) {
                loss = round.losses()[i];
                out.printf(Locale.ROOT, "step %4d / %4d | loss %s%n", round.firstStep() + i + 1, total, PythonFormat.fixed(loss, 4));
            }
            out.flush();
            if (round.diverged()) {
                err.println("error: training diverged: " + round.divergence() + ". Try a lower --lr (this run: "
                        + trainer.options().learningRate() + ")" + (checkpoint == null ? ""
                        : saved < 0 ? "; no checkpoint was saved" : "; " + checkpoint + " holds step " + saved));
                return SparkCli.DIVERGED;
            }
            if (checkpoint != null && every > 0 && trainer.step() / every > before / every && trainer.step() < stop) {
                CheckpointFile.write(checkpoint, trainer.checkpoint());
                saved = trainer.step();
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
        int done = trainer.step() - first;
        out.printf(Locale.ROOT, "summary: %d steps in %.2f s, %.1f us/step, final loss %s%n", done, seconds,
                seconds * 1e6 / done, PythonFormat.fixed(loss, 4));
        out.flush();
        return 0;
    }

    /** Everything that can be checked before Spark starts. */
    private void requireValidOptions() {
        Mode m = mode();
        transport();
        run.precision();
        run.numerics();
        require(!resume || checkpoint != null, "--resume needs --checkpoint FILE to resume from");
        require(!allowDataChange || resume, "--allow-data-change only applies with --resume");
        require(checkpointEvery == null || checkpoint != null, "--checkpoint-every needs --checkpoint FILE to save to");
        require(checkpointEvery == null || checkpointEvery >= 0, "--checkpoint-every must be >= 0, got " + checkpointEvery);
        require(averageEvery == null || m == Mode.AVERAGE, "--average-every applies to --mode average only");
        require(averageEvery == null || averageEvery >= 1, "--average-every must be at least 1, got " + averageEvery);
        require(partitions == null || partitions >= 1, "--partitions must be at least 1, got " + partitions);
        require(samples >= 0, "--samples must be >= 0, got " + samples);
        require(temperature > 0 && Double.isFinite(temperature), "--temperature must be a positive number, got " + temperature);
        require(until == null || until >= 1, "--until " + until + " would train no step; give a step from 1 to --steps");
        if (m == Mode.AVERAGE) {
            int k = averageEvery();
            // checkpoints and stops fall on round boundaries, so a resumed run continues the straight one
            require(checkpointEvery == null || checkpointEvery % k == 0, "--checkpoint-every " + checkpointEvery
                    + " must be a multiple of --average-every " + k + ": checkpoints are taken between rounds");
            require(until == null || until % k == 0, "--until " + until + " must be a multiple of --average-every " + k
                    + ": a run stops between rounds");
        }
        if (!resume) {
            run.trainOptions(batch);
            run.shape();
            SparkTrainer.requireSplittable(batch, sparkOptions(partitions != null ? partitions : 1));
        }
    }

    private SparkTrainer started(JavaSparkContext context, Documents documents) {
        return SparkTrainer.start(context, run.shape(), run.trainOptions(batch),
                documents.documents(), sparkOptions(partitionsFor(context, batch)));
    }

    /** A resumed run keeps the checkpoint's settings; an option given explicitly must agree with them. */
    private SparkTrainer resumed(JavaSparkContext context, Documents documents) {
        Checkpoint saved = CheckpointFile.read(checkpoint);
        TrainOptions o = Trainer.optionsOf(saved);
        run.requireAgreement(saved, checkpoint, batch);
        return SparkTrainer.resume(context, checkpoint, saved, documents.documents(), documents.description(),
                allowDataChange, sparkOptions(partitionsFor(context, o.batch())));
    }

    private int partitionsFor(JavaSparkContext context, int batchSize) {
        return partitions != null ? partitions : Math.max(1, Math.min(context.defaultParallelism(), Shards.microBatches(batchSize)));
    }

    private SparkTrainOptions sparkOptions(int p) {
        Mode m = mode();
        return new SparkTrainOptions(p, m, m == Mode.SYNC ? 1 : averageEvery(), transport());
    }

    private int averageEvery() {
        return averageEvery != null ? averageEvery : DEFAULT_AVERAGE_EVERY;
    }

    private Mode mode() {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "sync" -> Mode.SYNC;
            case "average" -> Mode.AVERAGE;
            default -> throw new IllegalArgumentException("--mode must be sync or average, got '" + mode + "'");
        };
    }

    private Transport transport() {
        return switch (ship.toLowerCase(Locale.ROOT)) {
            case "closure" -> Transport.CLOSURE;
            case "broadcast" -> Transport.BROADCAST;
            default -> throw new IllegalArgumentException("--ship must be closure or broadcast, got '" + ship + "'");
        };
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
