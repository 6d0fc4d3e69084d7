package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The attention weights {@code sample --attention} draws are the model's own: every row a softmax (sums to 1, 0
 * above the diagonal), bit for bit what the reference interpreter computes for the same name and params, and
 * reading them changes no sampled name.
 */
class AttentionWeightsTest {
    private static final List<String> DOCUMENTS = List.of("emma", "olivia", "ava", "isabella", "sophia", "mia", "liam", "noah");
    private static final GptConfig SHAPE = new GptConfig(2, 8, 2, 2, 8);

    /** A checkpoint after a few steps, so the weights are not those of the initial draw. */
    private static Checkpoint trained(DType precision) {
        try (Trainer trainer = Trainer.start(SHAPE, new TrainOptions(15, 0.01, 1, 3, precision), DOCUMENTS,
                ProgramOptions.DEFAULT)) {
            for (int i = 0; i < 15; i++) {
                trainer.trainStep();
            }
            return trainer.checkpoint();
        }
    }

    @Test
    void eachRowIsASoftmaxOverThePositionsUpToItself() {
        for (DType precision : List.of(DType.F64, DType.F32)) {
            Checkpoint c = trained(precision);
            Sampler sampler = new Sampler(c.config(), precision, true, null);
            sampler.loadParams(c);
            Tokenizer tokenizer = Tokenizer.of(c.tokenizerChars());
            double tolerance = precision == DType.F64 ? 1e-12 : 1e-5;
            for (String name : List.of("sophia", "a", "")) {
                AttentionMaps maps = sampler.attention(ids(tokenizer, name), tokenizer);
                assertEquals(2, maps.layers());
                assertEquals(2, maps.heads());
                List<String> labels = new ArrayList<>(List.of("BOS"));
                name.codePoints().forEach(ch -> labels.add(Character.toString(ch)));
                assertEquals(labels, maps.tokens());
                int t = maps.length();
                for (int layer = 0; layer < 2; layer++) {
                    for (int head = 0; head < 2; head++) {
                        for (int q = 0; q < t; q++) {
                            double sum = 0;
                            for (int k = 0; k < t; k++) {
                                double w = maps.weight(layer, head, q, k);
                                if (k > q) {
                                    assertEquals(0.0, w, "masked: layer " + layer + " head " + head + " [" + q + "," + k + "]");
                                } else {
                                    assertTrue(w > 0 && w <= 1, "a weight in (0, 1]: " + w);
                                    sum += w;
                                }
                            }
                            assertEquals(1.0, sum, tolerance, precision + " row " + q + " of layer " + layer + " head " + head);
                        }
                    }
                }
                assertEquals(1.0, maps.weight(0, 0, 0, 0), "BOS attends only to itself");
            }
        }
    }

    @Test
    void theWeightsAreThoseTheInterpreterComputes() {
        Checkpoint c = trained(DType.F64);
        Sampler sampler = new Sampler(c.config(), DType.F64, true, null);
        sampler.loadParams(c);
        Tokenizer tokenizer = Tokenizer.of(c.tokenizerChars());
        int[] document = ids(tokenizer, "olivia");
        AttentionMaps maps = sampler.attention(document, tokenizer);

        Gpt gpt = new Gpt(c.config());
        int t = document.length + 1;
        int[] tokens = new int[t];
        tokens[0] = tokenizer.bos();
        System.arraycopy(document, 0, tokens, 1, document.length);
        Bindings bindings = new Bindings().dim("T", t).bindInts("tokens", tokens, t).bindInts("targets", tokens, t);
        for (Node p : gpt.params()) {
            bindings.bind(p.name(), c.param(p.name()).values(), p.shape().resolve(Map.of()));
        }
        List<NDArray> expected = Interpreter.evaluate(bindings, gpt.attentionWeights());
        assertEquals(2, expected.size(), "one [n_head, T, T] per layer");
        for (int layer = 0; layer < 2; layer++) {
            assertEquals(List.of(2, t, t), List.of(expected.get(layer).dim(0), expected.get(layer).dim(1), expected.get(layer).dim(2)));
            for (int head = 0; head < 2; head++) {
                for (int q = 0; q < t; q++) {
                    for (int k = 0; k < t; k++) {
                        double want = expected.get(layer).get((head * t + q) * t + k);
                        double got = maps.weight(layer, head, q, k);
                        // exact numerics: the interpreter's operations in its order, so the same bits
                        assertEquals(want, got, "layer " + layer + " head " + head + " [" + q + "," + k + "]");
                    }
                }
            }
        }
        assertEquals(1.0, maps.weight(1, 1, 0, 0));
    }

    @Test
    void aSamplerThatOutputsTheWeightsDrawsTheSameNames() {
        Checkpoint c = trained(DType.F64);
        Tokenizer tokenizer = Tokenizer.of(c.tokenizerChars());
        Sampler plain = new Sampler(c.config(), DType.F64);
        Sampler withAttention = new Sampler(c.config(), DType.F64, true, null);
        plain.loadParams(c);
        withAttention.loadParams(c);
        PyRandom a = new PyRandom(5);
        PyRandom b = new PyRandom(5);
        for (int i = 0; i < 20; i++) {
            assertEquals(plain.sample(a, 0.8, tokenizer), Sampler.decode(withAttention.sampleTokens(b, 0.8), tokenizer));
        }
    }

    @Test
    void aNameAsLongAsTheBlockShowsTheBlockItWasDrawnIn() {
        Checkpoint c = trained(DType.F64);
        Sampler sampler = new Sampler(c.config(), DType.F64, true, null);
        sampler.loadParams(c);
        Tokenizer tokenizer = Tokenizer.of(c.tokenizerChars());
        AttentionMaps maps = sampler.attention(ids(tokenizer, "isabellaisabella"), tokenizer);
        assertEquals(SHAPE.blockSize(), maps.length(), "BOS and the first block_size - 1 characters, as they were fed");
        assertEquals("l", maps.tokens().get(SHAPE.blockSize() - 1));
    }

    private static int[] ids(Tokenizer tokenizer, String name) {
        int[] encoded = tokenizer.encode(name);
        return java.util.Arrays.copyOfRange(encoded, 1, encoded.length - 1);
    }
}
