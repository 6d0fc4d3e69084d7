package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.emission.BufferRole;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a microgpt training run needs to continue exactly where it stopped: the model's
 * configuration and precision, the tokenizer, the step reached and the learning-rate schedule
 * (total steps and base rate), the batch size, the seed and the random generator's state, Adam's
 * step count, per param its values and Adam moments, and the losses of the steps done so far (for the
 * loss curve of a resumed run).
 *
 * <p>An immutable value: arrays are copied in and out, and {@code equals} compares doubles bit for
 * bit (so -0.0 differs from 0.0). The constructor rejects contents that cannot belong together
 * (e.g. params that do not fit the configuration) with an {@link IllegalArgumentException};
 * {@link CheckpointFile#read} reports those as a {@link CheckpointException} naming the file.
 *
 * @param config         the GPT's hyper-parameters
 * @param precision      "f64" or "f32", the program's float type
 * @param numerics       "exact" or "fast", how the program rounds
 * @param tokenizerChars the vocabulary's characters in id order, BOS excluded (vocab size - 1 code points)
 * @param dataFingerprint the {@link DatasetFingerprint} of the documents the run trains on; empty when
 *                       unknown (checkpoints of format version 1 predate it)
 * @param step           training steps done, 0..totalSteps
 * @param totalSteps     the run's planned steps (the learning-rate schedule decays over them)
 * @param learningRate   the schedule's base learning rate (positive)
 * @param batchSize      documents per step
 * @param seed           the run's seed
 * @param rngState       {@link PyRandom.State#toBytes()} of the run's generator when the checkpoint was taken
 * @param optimizerSteps Adam's step count t (see {@link Program#optimizerSteps()})
 * @param params         per param its name, shape, values and moments, in the program's param order
 * @param losses         the losses of the last {@code losses.length} steps up to {@code step}, all finite: every
 *                       step for runs saved since format version 3, none for older files
 */
public record Checkpoint(GptConfig config, String precision, String numerics, String tokenizerChars, String dataFingerprint,
                         int step, int totalSteps,
                         double learningRate, int batchSize, long seed, byte[] rngState, int optimizerSteps,
                         List<Param> params, double[] losses) {

    public Checkpoint {
        require(config != null, "the config is missing");
        require("f64".equals(precision) || "f32".equals(precision), "precision must be f64 or f32, got " + precision);
        require("exact".equals(numerics) || "fast".equals(numerics), "numerics must be exact or fast, got " + numerics);
        requireTokenizer(tokenizerChars, config);
        require(dataFingerprint != null && dataFingerprint.matches("|[0-9a-f]{64}"),
                "the data fingerprint must be empty or 64 hex digits, got " + dataFingerprint);
        require(totalSteps >= 1, "total steps must be positive, got " + totalSteps);
        require(step >= 0 && step <= totalSteps, "step " + step + " is outside 0.." + totalSteps);
        require(Double.isFinite(learningRate) && learningRate > 0,
                "the learning rate must be positive and finite, got " + learningRate);
        require(batchSize >= 1, "the batch size must be positive, got " + batchSize);
        require(rngState != null, "the random generator's state is missing");
        try {
            PyRandom.State.fromBytes(rngState);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the random generator's state is invalid: " + e.getMessage(), e);
        }
        rngState = rngState.clone();
        require(optimizerSteps >= 0, "Adam's step count must be >= 0, got " + optimizerSteps);
        require(params != null, "the params are missing");
        params = List.copyOf(params);
        requireGptParams(params, config);
        require(losses != null, "the losses are missing");
        require(losses.length <= step, losses.length + " losses for " + step + " steps");
        for (int i = 0; i < losses.length; i++) {
            require(Double.isFinite(losses[i]), "the loss of step " + (step - losses.length + i + 1) + " is " + losses[i]);
        }
        losses = losses.clone();
    }

    /** A checkpoint without the losses of its steps (as format versions 1 and 2 hold). */
    public Checkpoint(GptConfig config, String precision, String numerics, String tokenizerChars, String dataFingerprint,
                      int step, int totalSteps, double learningRate, int batchSize, long seed, byte[] rngState,
                      int optimizerSteps, List<Param> params) {
        this(config, precision, numerics, tokenizerChars, dataFingerprint, step, totalSteps, learningRate, batchSize, seed,
                rngState, optimizerSteps, params, new double[0]);
    }

    /**
     * Takes a checkpoint of {@code program}'s params, Adam moments and step count, together with the run's
     * state. The program must be the Adam-trained program of a {@link Gpt} with {@code config}; {@code losses} are
     * those of the last steps up to {@code step}.
     *
     * @throws CheckpointException if the program does not fit {@code config} or holds non-finite numbers
     */
    public static Checkpoint capture(Program program, GptConfig config, String tokenizerChars, String dataFingerprint,
                                     int step,
                                     int totalSteps, double learningRate, int batchSize, long seed,
                                     PyRandom.State rng, double[] losses) {
        requireAdam(program, "capture a checkpoint of");
        List<Param> params = new ArrayList<>();
        for (String name : program.names(BufferRole.PARAM)) {
            params.add(new Param(name, staticShape(program, name), program.param(name),
                    program.optimizerState(BufferRole.ADAM_M, name), program.optimizerState(BufferRole.ADAM_V, name)));
        }
        try {
            return new Checkpoint(config, program.spec().precision().toString(),
                    program.spec().numerics().name().toLowerCase(java.util.Locale.ROOT), tokenizerChars, dataFingerprint,
                    step, totalSteps,
                    learningRate, batchSize, seed, rng.toBytes(), program.optimizerSteps(), params, losses);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("cannot capture a checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Overwrites {@code program}'s params, Adam moments and step count with this checkpoint's. Checks first
     * that the program's precision, param names and shapes match, so a failure changes nothing.
     *
     * @throws CheckpointException if the program does not match this checkpoint
     */
    public void restoreInto(Program program) {
        requireAdam(program, "restore a checkpoint into");
        String programPrecision = program.spec().precision().toString();
        if (!precision.equals(programPrecision)) {
            throw new CheckpointException("cannot restore an " + precision + " checkpoint into an "
                    + programPrecision + " program");
        }
        requireSameParams(program);
        for (Param p : params) {
            program.setParam(p.name, p.values);
            program.setOptimizerState(BufferRole.ADAM_M, p.name, p.m);
            program.setOptimizerState(BufferRole.ADAM_V, p.name, p.v);
        }
        program.setOptimizerSteps(optimizerSteps);
    }

    /**
     * As {@link #requireCompatible(Path, GptConfig, String, String)}, for a checkpoint whose file is not at
     * hand: messages start "the checkpoint was trained with ...".
     */
    public void requireCompatible(GptConfig requested, String requestedPrecision, String requestedTokenizerChars) {
        requireCompatible(null, requested, requestedPrecision, requestedTokenizerChars);
    }

    /**
     * Checks that this checkpoint, read from {@code file}, was trained with the configuration a resumed run
     * asks for; names every difference in terms of the command line's options, e.g. "checkpoint x.ckpt was
     * trained with n_embd 32, but --n-embd 16 was given".
     *
     * @param requestedTokenizerChars the characters of the dataset's vocabulary, BOS excluded
     * @throws CheckpointException if anything differs
     */
    public void requireCompatible(Path file, GptConfig requested, String requestedPrecision,
                                  String requestedTokenizerChars) {
        List<String> differences = new ArrayList<>();
        if (!tokenizerChars.equals(requestedTokenizerChars)) {
            differences.add("the " + describeChars(tokenizerChars) + ", but the dataset has the "
                    + describeChars(requestedTokenizerChars));
        } else {
            differ(differences, "vocab_size", config.vocabSize(), "vocab_size", requested.vocabSize());
        }
        differ(differences, "n_embd", config.nEmbd(), "--n-embd", requested.nEmbd());
        differ(differences, "n_layer", config.nLayer(), "--n-layer", requested.nLayer());
        differ(differences, "n_head", config.nHead(), "--n-head", requested.nHead());
        differ(differences, "block_size", config.blockSize(), "--block-size", requested.blockSize());
        if (!precision.equals(requestedPrecision)) {
            differences.add("dtype " + precision + ", but --dtype " + requestedPrecision + " was given");
        }
        if (!differences.isEmpty()) {
            throw new CheckpointException((file == null ? "the checkpoint" : "checkpoint " + file) + " was trained with "
                    + String.join("; with ", differences)
                    + " (resume with the checkpoint's settings, or start a new run)");
        }
    }

    /**
     * Checks that a resumed run trains on the documents this checkpoint's run trained on.
     *
     * @param fingerprint the {@link DatasetFingerprint} of the documents given now
     * @param description where they come from, e.g. {@code "names.txt (32,033 documents)"}
     * @throws CheckpointException if the documents differ (a checkpoint without fingerprint is not checked)
     */
    public void requireSameData(Path file, String fingerprint, String description) {
        if (!dataFingerprint.isEmpty() && !dataFingerprint.equals(fingerprint)) {
            throw new CheckpointException("checkpoint " + file + " was trained on other documents than " + description
                    + " (dataset fingerprint " + dataFingerprint.substring(0, 12) + "..., these are "
                    + fingerprint.substring(0, 12) + "...); resume with the run's own data, or add --allow-data-change"
                    + " to continue training on these");
        }
    }

    /** The random generator's state, to {@link PyRandom#restore} it. */
    public PyRandom.State randomState() {
        return PyRandom.State.fromBytes(rngState);
    }

    /** A copy of the generator's state bytes. */
    @Override
    public byte[] rngState() {
        return rngState.clone();
    }

    /** A copy of the losses of the last {@code losses().length} steps up to {@link #step()}. */
    @Override
    public double[] losses() {
        return losses.clone();
    }

    /** The param named {@code name}. */
    public Param param(String name) {
        for (Param p : params) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no param named '" + name + "' in this checkpoint");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && config.equals(c.config) && precision.equals(c.precision)
                && numerics.equals(c.numerics)
                && tokenizerChars.equals(c.tokenizerChars) && dataFingerprint.equals(c.dataFingerprint) && step == c.step && totalSteps == c.totalSteps
                && Double.doubleToLongBits(learningRate) == Double.doubleToLongBits(c.learningRate)
                && batchSize == c.batchSize && seed == c.seed && Arrays.equals(rngState, c.rngState)
                && optimizerSteps == c.optimizerSteps && params.equals(c.params) && Arrays.equals(losses, c.losses);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * config.hashCode() + Integer.hashCode(step)) + params.hashCode();
    }

    @Override
    public String toString() {
        long values = params.stream().mapToLong(p -> p.values.length).sum();
        return "Checkpoint[step " + step + "/" + totalSteps + ", " + config + ", " + precision + ", lr "
                + learningRate + ", batch " + batchSize + ", seed " + seed + ", Adam t " + optimizerSteps + ", "
                + params.size() + " params with " + values + " values, " + losses.length + " losses]";
    }

    /**
     * One param: its name, shape, values and Adam moments m and v (each as many values as the shape holds,
     * row-major, all finite).
     */
    public record Param(String name, int[] shape, double[] values, double[] m, double[] v) {
        public Param {
            require(name != null && !name.isEmpty(), "a param has no name");
            require(shape != null && values != null && m != null && v != null,
                    "param '" + name + "' misses its shape, values or moments");
            shape = shape.clone();
            long count = 1;
            for (int d : shape) {
                require(d >= 1, "param '" + name + "' has shape " + Arrays.toString(shape) + " with a dimension < 1");
                count *= d;
                require(count <= Integer.MAX_VALUE, "param '" + name + "' of shape " + Arrays.toString(shape)
                        + " is too large");
            }
            values = copyFinite(name, "values", values, count);
            m = copyFinite(name, "Adam m", m, count);
            v = copyFinite(name, "Adam v", v, count);
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public double[] m() {
            return m.clone();
        }

        @Override
        public double[] v() {
            return v.clone();
        }

        /** The number of values (the product of the shape). */
        public int size() {
            return values.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Param p && name.equals(p.name) && Arrays.equals(shape, p.shape)
                    && Arrays.equals(values, p.values) && Arrays.equals(m, p.m) && Arrays.equals(v, p.v);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Param[" + name + " " + Arrays.toString(shape) + "]";
        }

        private static double[] copyFinite(String name, String what, double[] array, long count) {
            require(array.length == count, "param '" + name + "' needs " + count + " " + what + ", has " + array.length);
            for (int i = 0; i < array.length; i++) {
                require(Double.isFinite(array[i]), "param '" + name + "' " + what + "[" + i + "] is " + array[i]
                        + " (did training diverge?)");
            }
            return array.clone();
        }
    }

    // ---- validation ----

    private static void requireTokenizer(String chars, GptConfig config) {
        require(chars != null, "the tokenizer characters are missing");
        int count = chars.codePointCount(0, chars.length());
        require(count == config.vocabSize() - 1, "the tokenizer has " + count + " characters, but vocab_size "
                + config.vocabSize() + " needs " + (config.vocabSize() - 1) + " (plus BOS)");
        Set<Integer> seen = new HashSet<>();
        chars.codePoints().forEach(c -> require(seen.add(c), "the tokenizer lists the character "
                + quote(new String(Character.toChars(c))) + " twice"));
    }

    /** The params must be exactly those of a {@link Gpt} with this config: same names, order and shapes. */
    private static void requireGptParams(List<Param> params, GptConfig config) {
        Map<String, int[]> expected = gptParamShapes(config);
        List<String> names = params.stream().map(Param::name).toList();
        require(names.equals(List.copyOf(expected.keySet())), "the params " + names + " are not those of a GPT with "
                + config + ", which has " + expected.keySet());
        for (Param p : params) {
            require(Arrays.equals(p.shape, expected.get(p.name)), "param '" + p.name + "' has shape "
                    + Arrays.toString(p.shape) + ", but a GPT with " + config + " gives it "
                    + Arrays.toString(expected.get(p.name)));
        }
    }

    private static Map<String, int[]> gptParamShapes(GptConfig config) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (Node p : new Gpt(config).params()) {
            shapes.put(p.name(), p.shape().resolve(Map.of()));
        }
        return shapes;
    }

    private void requireSameParams(Program program) {
        List<String> programNames = program.names(BufferRole.PARAM);
        Set<String> mine = new HashSet<>(params.stream().map(Param::name).toList());
        List<String> missing = programNames.stream().filter(n -> !mine.contains(n)).toList();
        List<String> extra = params.stream().map(Param::name).filter(n -> !programNames.contains(n)).toList();
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new CheckpointException("cannot restore the checkpoint: the program's params differ"
                    + (missing.isEmpty() ? "" : "; the checkpoint lacks " + missing)
                    + (extra.isEmpty() ? "" : "; the program lacks " + extra));
        }
        List<String> adamNames = program.names(BufferRole.ADAM_M);
        for (Param p : params) {
            int[] shape = staticShape(program, p.name);
            if (!Arrays.equals(shape, p.shape)) {
                throw new CheckpointException("cannot restore the checkpoint: param '" + p.name + "' has shape "
                        + Arrays.toString(p.shape) + " in the checkpoint, but " + Arrays.toString(shape)
                        + " in the program");
            }
            if (!adamNames.contains(p.name)) {
                throw new CheckpointException("cannot restore the checkpoint: the program does not train param '"
                        + p.name + "', so it has no Adam moments for it");
            }
        }
    }

    private static int[] staticShape(Program program, String param) {
        Shape shape = program.node(BufferRole.PARAM, param).shape();
        if (!shape.isStatic()) {
            throw new CheckpointException("param '" + param + "' has the symbolic shape " + shape
                    + "; checkpoints hold params of fixed shape");
        }
        return shape.resolve(Map.of());
    }

    private static void requireAdam(Program program, String action) {
        if (program.spec().optimizer().kind() != Optimizer.Kind.ADAM) {
            throw new CheckpointException("cannot " + action + " a program trained with "
                    + program.spec().optimizer() + "; checkpoints hold Adam's state");
        }
    }

    // ---- messages ----

    private static void differ(List<String> out, String name, int trained, String option, int given) {
        if (trained != given) {
            out.add(name + " " + trained + ", but " + option + " " + given + " was given");
        }
    }

    private static String describeChars(String chars) {
        return chars == null ? "no vocabulary"
                : chars.codePointCount(0, chars.length()) + " characters " + quote(chars);
    }

    /** The text in double quotes, control and non-ASCII characters escaped, cut after 64 characters. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < s.length(); i++) {
            if (shown++ == 64) {
                return b.append("\"... (").append(s.length()).append(" chars)").toString();
            }
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append(c);
                    } else {
                        b.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
