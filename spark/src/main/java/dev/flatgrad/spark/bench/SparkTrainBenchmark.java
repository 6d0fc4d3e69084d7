package dev.flatgrad.spark.bench;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.examples.bench.BenchModelOptions;
import dev.flatgrad.examples.bench.BenchTrainer;
import dev.flatgrad.examples.microgpt.Documents;
import dev.flatgrad.examples.microgpt.GptConfig;
import dev.flatgrad.examples.microgpt.ProgramOptions;
import dev.flatgrad.examples.microgpt.TrainOptions;
import dev.flatgrad.examples.microgpt.Trainer;
import dev.flatgrad.spark.SparkTrainOptions;
import dev.flatgrad.spark.SparkTrainer;
import dev.flatgrad.spark.Transport;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Microseconds per document of microgpt training on Spark against the single-process trainer, side by side in one
 * JVM: for each global batch, the variants take turns window by window (so a slower minute of the machine hits all
 * of them), after warm-up windows each. Besides the trainers, a bare round trip: a job of as many tasks that ships
 * the params in its closure and returns a gradient-sized vector per task, computing nothing.
 */
@Command(name = "spark-train-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Steady-state cost of microgpt training steps on Spark against one process.")
public final class SparkTrainBenchmark implements Callable<Integer> {
    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default: ${DEFAULT-VALUE})")
    String master;

    @Option(names = "--partitions", defaultValue = "2", description = "tasks per step (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--batches", split = ",", defaultValue = "64,256,1024", description = "global batches (default: ${DEFAULT-VALUE})")
    int[] batches;

    @Mixin
    BenchModelOptions model;

    @Option(names = "--dtype", defaultValue = "f64", converter = BenchTrainer.PrecisionConverter.class,
            description = "f32 or f64 (default: ${DEFAULT-VALUE})")
    DType precision;

    @Option(names = "--window", defaultValue = "1.0", description = "seconds per window (default: ${DEFAULT-VALUE})")
    double window;

    @Option(names = "--warmup", defaultValue = "8", description = "untimed windows per variant first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--windows", defaultValue = "7", description = "timed windows per variant (default: ${DEFAULT-VALUE})")
    int windows;

    @Option(names = "--round-trips", description = "instead: bare round trips for 1 to 16 partitions and the vector sizes of d16, d128 and d512 models")
    boolean roundTrips;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkTrainBenchmark()).execute(args));
    }

    /** One thing to time: a step of it handles {@code documents} documents. */
    private interface Variant extends AutoCloseable {
        void step();

        @Override
        void close();
    }

    @Override
    public Integer call() {
        Documents docs = model.documents();
        GptConfig shape = model.shape();
        SparkConf conf = new SparkConf().setAppName("flatgrad-spark-benchmark").setMaster(master)
                .set("spark.ui.enabled", "false");
        JavaSparkContext spark = new JavaSparkContext(conf);
        spark.setLogLevel("WARN");
        try {
            if (roundTrips) {
                sweepRoundTrips(spark);
                return 0;
            }
            System.out.printf(Locale.ROOT, "%s %s exact, %s, %d partitions, %s%n", model.label(), precision,
                    master, partitions, docs.description());
            for (int batch : batches) {
                TrainOptions options = new TrainOptions(Integer.MAX_VALUE, 0.001, batch, 42, precision, Numerics.EXACT);
                Map<String, Variant> variants = new LinkedHashMap<>();
                variants.put("single process, 1 thread", single(shape, options, docs, 1));
                variants.put("single process, 2 threads", single(shape, options, docs, 2));
                variants.put("spark sync, params in closure", sync(spark, shape, options, docs, Transport.CLOSURE));
                variants.put("spark sync, params broadcast", sync(spark, shape, options, docs, Transport.BROADCAST));
                variants.put("bare round trip (no compute)", roundTrip(spark, shape.withVocabSize(27).paramCount()));
                measure(batch, variants);
                variants.values().forEach(Variant::close);
            }
        } finally {
            spark.stop();
        }
        return 0;
    }

    private void measure(int batch, Map<String, Variant> variants) {
        Map<String, double[]> stepMicros = new LinkedHashMap<>();
        for (Map.Entry<String, Variant> v : variants.entrySet()) {
            for (int w = 0; w < warmup; w++) {
                window(v.getValue());
            }
            stepMicros.put(v.getKey(), new double[windows]);
        }
        for (int w = 0; w < windows; w++) {
            for (Map.Entry<String, Variant> v : variants.entrySet()) {
                stepMicros.get(v.getKey())[w] = window(v.getValue());
            }
        }
        double twoThreads = median(stepMicros.get("single process, 2 threads"));
        for (Map.Entry<String, double[]> e : stepMicros.entrySet()) {
            double[] us = e.getValue();
            Arrays.sort(us);
            double step = median(us);
            System.out.printf(Locale.ROOT, "batch %4d | %-30s | %9.0f us/step (%.0f - %.0f) | %7.2f us/doc | vs 2 threads %+8.0f us/step%n",
                    batch, e.getKey(), step, us[0], us[us.length - 1], step / batch, step - twoThreads);
        }
    }

    /** Milliseconds per bare round trip by partitions and vector size: the per-task and per-byte costs of a step. */
    private void sweepRoundTrips(JavaSparkContext spark) {
        for (int width : new int[] {16, 128, 512}) {
            long params = new GptConfig(27, width, 1, 4, 16).paramCount();
            for (int p : new int[] {1, 2, 4, 8, 16}) {
                partitions = p;
                Variant trip = roundTrip(spark, params);
                for (int w = 0; w < warmup; w++) {
                    window(trip);
                }
                double[] us = new double[windows];
                for (int w = 0; w < windows; w++) {
                    us[w] = window(trip);
                }
                Arrays.sort(us);
                System.out.printf(Locale.ROOT, "round trip | d%-3d %,9d params (%,11d bytes per vector) | %2d partitions | %8.2f ms (%.2f - %.2f)%n",
                        width, params, params * 8, p, median(us) / 1e3, us[0] / 1e3, us[us.length - 1] / 1e3);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Microseconds per step over one window of whole steps. */
    private double window(Variant variant) {
        long start = System.nanoTime();
        long end = start + (long) (window * 1e9);
        long steps = 0;
        long now;
        do {
            variant.step();
            steps++;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / 1e3 / steps;
    }

    private static Variant single(GptConfig shape, TrainOptions options, Documents docs, int threads) {
        Trainer trainer = Trainer.start(shape, options, docs.documents(), new ProgramOptions(null, null, false, threads));
        return new Variant() {
            @Override
            public void step() {
                trainer.trainStep();
            }

            @Override
            public void close() {
                trainer.close();
            }
        };
    }

    private Variant sync(JavaSparkContext spark, GptConfig shape, TrainOptions options, Documents docs, Transport transport) {
        SparkTrainer trainer = SparkTrainer.start(spark, shape, options, docs.documents(),
                SparkTrainOptions.sync(partitions).withTransport(transport));
        return new Variant() {
            @Override
            public void step() {
                trainer.train(Integer.MAX_VALUE);
            }

            @Override
            public void close() {
                trainer.close();
            }
        };
    }

    /** A job like a synchronous step's, without the model: params out in the closure, a vector back per task. */
    private Variant roundTrip(JavaSparkContext spark, long params) {
        List<Integer> indices = IntStream.range(0, partitions).boxed().toList();
        JavaRDD<Integer> rdd = spark.parallelize(indices, partitions);
        double[] values = new double[(int) params];
        return new Variant() {
            @Override
            public void step() {
                double[] shipped = values;
                List<double[]> back = rdd.mapPartitions(ignored -> List.of(shipped.clone()).iterator()).collect();
                if (back.size() != partitions) {
                    throw new IllegalStateException(back.size() + " results from " + partitions + " partitions");
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
