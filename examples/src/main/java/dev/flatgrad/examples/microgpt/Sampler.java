package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.emission.BufferRole;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import java.nio.file.Path;
import dev.flatgrad.dsl.DType;

/**
 * microgpt.py's inference: start from BOS, run the model over the sequence so far, turn the last
 * position's logits into probabilities with a temperature and draw the next token with
 * {@code random.choices}, until BOS or block_size tokens. Probabilities are computed in
 * microgpt.py's order of operations so that the draws match it.
 */
final class Sampler {
    /** The generated class's name, also its folder in IR dumps. */
    static final String PROGRAM_NAME = "MicroGptSampler";
    private final Program program;
    private final GptConfig config;
    private final int[] context;
    private final double[] logits;
    private final double[] weights;

    /** The sampling program of a model of this shape; with {@code dumpIr} (may be null) its IR dump goes there. */
    Sampler(GptConfig config, DType precision, Path dumpIr) {
        this.config = config;
        Gpt gpt = new Gpt(config);
        this.program = Flatgrad.compile(ProgramSpec.builder(gpt.graph()).className(PROGRAM_NAME)
                .output(gpt.logits()).precision(precision).dumpIr(dumpIr).build());
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
        int bos = config.vocabSize() - 1;
        int v = config.vocabSize();
        StringBuilder out = new StringBuilder();
        context[0] = bos;
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
            out.append(tokenizer.decode(token));
        }
        return out.toString();
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
