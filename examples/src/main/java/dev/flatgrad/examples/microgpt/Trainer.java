package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.DataParallelProgram;
import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A microgpt training run, step by step, in microgpt.py's order: seed the Python-compatible RNG,
 * shuffle the documents, draw the initial weights (gauss, std 0.08, in state_dict order), then per
 * step feed the next document(s), run forward, backward and Adam (beta1 0.85, beta2 0.99, eps 1e-8,
 * linearly decaying learning rate) as one compiled program.
 *
 * <p>A batch of several documents is split into micro-batches of up to {@value #MICRO_BATCH} documents, packed
 * each into one sequence and computed in parallel ({@link DataParallelProgram}); the split depends on the
 * batch size alone, so results do not depend on the number of threads. Close the trainer to stop its threads.
 */
public final class Trainer implements AutoCloseable {
    /** The generated training program's class name, also its folder in IR dumps. */
    static final String PROGRAM_NAME = "MicroGpt";
    /** Most documents packed into one program run. */
    public static final int MICRO_BATCH = 8;

    public static final double BETA1 = 0.85;
    public static final double BETA2 = 0.99;
    public static final double EPS = 1e-8;
    public static final double INIT_STD = 0.08;

    private final GptConfig config;
    private final TrainOptions options;
    private final Tokenizer tokenizer;
    private final PyRandom random;
    private final List<String> docs;
    private final String dataFingerprint;
    private final int[][] encoded;
    private final Gpt gpt;
    private final DataParallelProgram parallel;
    private final Program program;
    private final Batch[] batches;
    private final int[][] packed;
    private final DataParallelProgram.Feeder feeder;
    /** Compiled on another thread while training runs, since sampling comes only after it. */
    private final CompletableFuture<Sampler> sampler;
    private int step;
    private LossHistory losses = new LossHistory(1);

    private Trainer(GptConfig shape, TrainOptions options, List<String> documents, ProgramOptions compile) {
        this.options = options;
        this.random = new PyRandom(options.seed());
        this.dataFingerprint = DatasetFingerprint.of(documents);
        this.docs = new ArrayList<>(documents);
        random.shuffle(docs);
        this.tokenizer = Tokenizer.fromDocuments(docs);
        this.config = shape.withVocabSize(tokenizer.vocabSize());
        this.encoded = new int[docs.size()][];
        for (int i = 0; i < docs.size(); i++) {
            encoded[i] = tokenizer.encode(docs.get(i));
        }
        int perRun = documentsPerRun(options);
        this.gpt = new Gpt(config, perRun);
        ProgramSpec.Builder spec = trainingSpec(gpt, options).checkNumerics(compile.checkNumerics());
        if (compile.dumpSources() != null) {
            spec.dumpSources(compile.dumpSources());
        }
        if (compile.dumpIr() != null) {
            spec.dumpIr(compile.dumpIr());
        }
        if (options.batch() == 1) {
            this.parallel = null;
            this.program = Flatgrad.compile(spec.build());
        } else {
            int threads = Math.min(compile.threads(), (options.batch() + MICRO_BATCH - 1) / MICRO_BATCH);
            this.parallel = DataParallelProgram.compile(spec.build(), threads);
            this.program = parallel.primary();
        }
        this.batches = new Batch[parallel == null ? 1 : parallel.threads()];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = new Batch(config.blockSize(), perRun);
        }
        this.sampler = CompletableFuture.supplyAsync(() -> new Sampler(config, options.precision(), false, compile.dumpIr()), Trainer::background);
        this.packed = new int[options.batch()][];
        this.feeder = (replica, index, microBatch) -> {
            int from = microBatch * perRun;
            int count = Math.min(perRun, options.batch() - from);
            batches[index].feedPacked(replica, packed, from, count, options.batch());
        };
    }

    /**
     * The spec of the training program of {@code gpt} (built for {@link #documentsPerRun} documents): its loss
     * minimised over its params by microgpt.py's Adam, in the options' precision and numerics.
     */
    static ProgramSpec.Builder trainingSpec(Gpt gpt, TrainOptions options) {
        return ProgramSpec.builder(gpt.graph()).className(PROGRAM_NAME)
                .minimize(gpt.loss(), gpt.params()).optimizer(Optimizer.adam(BETA1, BETA2, EPS))
                .precision(options.precision()).numerics(options.numerics());
    }

    /** Documents packed into one run of the training program: micro-batches of at most {@link #MICRO_BATCH}. */
    static int documentsPerRun(TrainOptions options) {
        return Math.min(options.batch(), MICRO_BATCH);
    }

    /** A new run: shuffle, then initial weights drawn as microgpt.py draws them. */
    public static Trainer start(GptConfig shape, TrainOptions options, List<String> documents, ProgramOptions compile) {
        Trainer t = new Trainer(shape, options, documents, compile);
        for (Node p : t.gpt.params()) {
            double[] values = new double[(int) p.shape().maxElements()];
            for (int i = 0; i < values.length; i++) {
                values[i] = t.random.gauss(0, INIT_STD);
            }
            t.program.setParam(p.name(), values);
        }
        return t;
    }

    /**
     * Continues a run from a checkpoint with its own settings: the same shuffle (redone from the saved
     * seed), then the saved weights, moments, step and RNG state. The documents must be the checkpoint's
     * ({@code dataDescription} names them in the error), or, when {@code allowDataChange}, at least have
     * its vocabulary.
     */
    public static Trainer resume(Path file, Checkpoint checkpoint, List<String> documents, String dataDescription,
                                 boolean allowDataChange, ProgramOptions compile) {
        TrainOptions options = optionsOf(checkpoint);
        if (!allowDataChange) {
            checkpoint.requireSameData(file, DatasetFingerprint.of(documents), dataDescription);
        }
        checkpoint.requireCompatible(file, checkpoint.config(), checkpoint.precision(), Tokenizer.fromDocuments(documents).chars());
        Trainer t = new Trainer(checkpoint.config(), options, documents, compile);
        checkpoint.restoreInto(t.program);
        t.random.restore(checkpoint.randomState());
        t.step = checkpoint.step();
        t.losses = LossHistory.upTo(t.step, checkpoint.losses());
        return t;
    }

    /** The training settings a checkpoint was taken with. */
    public static TrainOptions optionsOf(Checkpoint c) {
        DType precision = "f32".equals(c.precision()) ? DType.F32 : DType.F64;
        Numerics numerics = "fast".equals(c.numerics()) ? Numerics.FAST : Numerics.EXACT;
        return new TrainOptions(c.totalSteps(), c.learningRate(), c.batchSize(), c.seed(), precision, numerics);
    }

    /** Trains one step and returns its loss. */
    public double trainStep() {
        if (step >= options.steps()) {
            throw new IllegalStateException("all " + options.steps() + " steps are done");
        }
        int b = options.batch();
        double loss;
        if (b == 1) {
            batches[0].feedOne(program, encoded[step % encoded.length]);
            program.step(options.learningRateAt(step));
            loss = program.scalar("loss");
        } else {
            for (int d = 0; d < b; d++) {
                packed[d] = encoded[(int) (((long) step * b + d) % encoded.length)];
            }
            loss = parallel.step((b + MICRO_BATCH - 1) / MICRO_BATCH, feeder, options.learningRateAt(step));
        }
        step++;
        losses.add(loss);
        return loss;
    }

    /**
     * The run's documents encoded ({@code [BOS] + ids + [BOS]}) in training order, after its shuffle: step {@code s}
     * of batch {@code B} trains on documents {@code (s·B + d) mod N}, {@code d < B}. The arrays are the trainer's own:
     * read them, do not change them.
     */
    public int[][] encodedDocuments() {
        return encoded.clone();
    }

    /**
     * Counts {@code steps} steps as trained when their updates were computed elsewhere (e.g. on a cluster) and
     * applied to {@link #program()} directly.
     */
    public void advance(int steps) {
        if (steps < 0 || step + steps > options.steps()) {
            throw new IllegalArgumentException("cannot advance " + steps + " steps from step " + step + " of "
                    + options.steps());
        }
        step += steps;
    }

    /** Runs a task on a daemon thread of its own (it must not keep the JVM alive). */
    private static void background(Runnable task) {
        Thread thread = new Thread(task, "microgpt-sampler-compile");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the threads of a parallel run. */
    @Override
    public void close() {
        if (parallel != null) {
            parallel.close();
        }
    }

    /** New documents from the trained model, drawn with the run's RNG as microgpt.py does after training. */
    public List<String> sample(int count, double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("--temperature must be positive, got " + temperature);
        }
        Sampler sampler;
        try {
            sampler = this.sampler.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        sampler.loadParams(program);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(sampler.sample(random, temperature, tokenizer));
        }
        return out;
    }

    /** The state to save: weights, Adam moments, step, RNG, vocabulary and configuration. */
    public Checkpoint checkpoint() {
        return Checkpoint.capture(program, config, tokenizer.chars(), dataFingerprint, step, options.steps(), options.learningRate(),
                options.batch(), options.seed(), random.state(), losses.toArray());
    }

    /** The losses of the steps trained, this run's and those its checkpoint kept (when resumed). */
    LossHistory losses() {
        return losses;
    }

    public int step() {
        return step;
    }

    public boolean done() {
        return step >= options.steps();
    }

    public GptConfig config() {
        return config;
    }

    public TrainOptions options() {
        return options;
    }

    public int documentCount() {
        return docs.size();
    }

    public long paramCount() {
        return config.paramCount();
    }

    /** Whether every param is a finite number (false once training has diverged). */
    public boolean paramsFinite() {
        for (Node p : gpt.params()) {
            for (double v : program.param(p.name())) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    public Program program() {
        return program;
    }
}
