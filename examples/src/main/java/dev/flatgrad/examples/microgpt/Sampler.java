package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.emission.BufferRole;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * microgpt.py's inference: start from BOS, run the model over the sequence so far, turn the last
 * position's logits into probabilities with a temperature and draw the next token with
 * {@code random.choices}, until BOS or block_size tokens. Probabilities are computed in
 * microgpt.py's order of operations so that the draws match it.
 *
 * <p>A sampler made {@code withAttention} also outputs every layer's attention weights, so that
 * {@link #attention} can show what the model attends to over a sampled document.
 */
final class Sampler {
    /** The generated class's name, also its folder in IR dumps. */
    static final String PROGRAM_NAME = "MicroGptSampler";

    /** The output name of layer i's attention weights is this prefix, i, and {@link #ATTENTION_SUFFIX}. */
    static final String ATTENTION_PREFIX = "layer";
    static final String ATTENTION_SUFFIX = ".attn_weights";

    private final Program program;
    private final GptConfig config;
    private final List<String> attentionOutputs = new ArrayList<>();
    private final int[] context;
    private final double[] logits;
    private final double[] weights;

    Sampler(GptConfig config, DType precision) {
        this(config, precision, false, null);
    }

    /**
     * The sampling program of a model of this shape; {@code withAttention} also outputs the attention weights, and
     * with {@code dumpIr} (may be null) the program's IR dump goes there.
     */
    Sampler(GptConfig config, DType precision, boolean withAttention, Path dumpIr) {
        this.config = config;
        Gpt gpt = new Gpt(config);
        ProgramSpec.Builder spec = ProgramSpec.builder(gpt.graph()).className(PROGRAM_NAME)
                .output(gpt.logits()).precision(precision).dumpIr(dumpIr);
        if (withAttention) {
            List<Node> layers = gpt.attentionWeights();
            for (int i = 0; i < layers.size(); i++) {
                Node w = layers.get(i);
                if (w.name() == null) {
                    w.named(ATTENTION_PREFIX + i + ATTENTION_SUFFIX);
                }
                spec.output(w);
                attentionOutputs.add(w.name());
            }
        }
        this.program = Flatgrad.compile(spec.build());
        this.context = new int[config.blockSize() + 1];
        this.logits = new double[config.blockSize() * config.vocabSize()];
        this.weights = new double[config.vocabSize()];
    }

    /** Copies the current params of a trained program. */
    void loadParams(Program trained) {
        for (String name : program.names(BufferRole.PARAM)) {
            program.setParam(name, trained.param(name));
        }
    }

    /** Takes the params saved in a checkpoint. */
    void loadParams(Checkpoint checkpoint) {
        for (Checkpoint.Param p : checkpoint.params()) {
            program.setParam(p.name(), p.values());
        }
    }

    /** One new document, drawn with {@code random} at the given temperature. */
    String sample(PyRandom random, double temperature, Tokenizer tokenizer) {
        return decode(sampleTokens(random, temperature), tokenizer);
    }

    /** One new document's tokens (without BOS), drawn with {@code random} at the given temperature. */
    int[] sampleTokens(PyRandom random, double temperature) {
        int bos = config.vocabSize() - 1;
        int v = config.vocabSize();
        context[0] = bos;
        int length = 0;
        for (int pos = 0; pos < config.blockSize(); pos++) {
            program.setLength(pos + 1).setInput("tokens", context, 0);
            program.forward();
            program.readOutput("logits", logits);
            probabilities(logits, pos * v, v, temperature, weights);
            int token = random.choices(v, weights);
            if (token == bos) {
                break;
            }
            context[pos + 1] = token;
            length++;
        }
        return Arrays.copyOfRange(context, 1, length + 1);
    }

    static String decode(int[] tokens, Tokenizer tokenizer) {
        StringBuilder out = new StringBuilder();
        for (int token : tokens) {
            out.append(tokenizer.decode(token));
        }
        return out.toString();
    }

    /**
     * The attention weights of every layer and head as the model reads BOS and then {@code document}'s tokens
     * (as it did while sampling them; at most block_size positions). Needs a sampler made with attention.
     */
    AttentionMaps attention(int[] document, Tokenizer tokenizer) {
        if (attentionOutputs.isEmpty()) {
            throw new IllegalStateException("this sampler was compiled without the attention weights");
        }
        int t = Math.min(document.length + 1, config.blockSize());
        int[] tokens = new int[t];
        tokens[0] = config.vocabSize() - 1;
        System.arraycopy(document, 0, tokens, 1, t - 1);
        program.setLength(t).setInput("tokens", tokens, 0);
        program.forward();
        List<String> labels = new ArrayList<>();
        labels.add("BOS");
        for (int i = 1; i < t; i++) {
            labels.add(tokenizer.decode(tokens[i]));
        }
        double[][][][] maps = new double[attentionOutputs.size()][][][];
        for (int layer = 0; layer < maps.length; layer++) {
            maps[layer] = AttentionMaps.unpack(program.output(attentionOutputs.get(layer)), config.nHead(), t);
        }
        return new AttentionMaps(labels, maps);
    }

    /** softmax([l / temperature for l in logits]) exactly as microgpt.py's Value arithmetic does it. */
    static void probabilities(double[] logits, int from, int v, double temperature, double[] probs) {
        double inverse = Math.pow(temperature, -1); // Value / t is Value * t**-1
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            max = Math.max(max, logits[from + i] * inverse);
        }
        double total = 0;
        for (int i = 0; i < v; i++) {
            probs[i] = Math.exp(logits[from + i] * inverse - max);
            total += probs[i];
        }
        double reciprocal = Math.pow(total, -1);
        for (int i = 0; i < v; i++) {
            probs[i] *= reciprocal;
        }
    }
}
