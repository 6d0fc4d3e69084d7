package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.Node;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packed documents: the loss and gradients are the mean of each document's own, with no leakage between them. */
class BatchTest {
    private static final GptConfig CONFIG = new GptConfig(6, 8, 1, 2, 5);

    @Test
    void packedLossAndGradientsAreTheMeanOverDocuments() {
        int[][] docs = {{5, 0, 1, 2, 5}, {5, 3, 5}, {5, 4, 4, 0, 1, 2, 3, 5}}; // the last is cut to block size 5
        Gpt packedGpt = new Gpt(CONFIG, docs.length);
        Gpt singleGpt = new Gpt(CONFIG);
        Program packed = compile(packedGpt);
        Program single = compile(singleGpt);
        Random random = new Random(3);
        for (Node p : singleGpt.params()) {
            double[] values = new double[(int) p.shape().maxElements()];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextGaussian() * 0.3;
            }
            packed.setParam(p.name(), values);
            single.setParam(p.name(), values);
        }
        Batch batch = new Batch(CONFIG.blockSize(), docs.length);
        batch.feedPacked(packed, docs);
        packed.forward();
        packed.backward();

        double meanLoss = 0;
        List<String> names = singleGpt.params().stream().map(Node::name).toList();
        double[][] meanGrads = new double[names.size()][];
        Batch one = new Batch(CONFIG.blockSize(), 1);
        for (int[] doc : docs) {
            one.feedOne(single, doc);
            single.forward();
            single.backward();
            meanLoss += single.scalar("loss") / docs.length;
            for (int p = 0; p < names.size(); p++) {
                double[] g = single.gradient(names.get(p));
                if (meanGrads[p] == null) {
                    meanGrads[p] = new double[g.length];
                }
                for (int i = 0; i < g.length; i++) {
                    meanGrads[p][i] += g[i] / docs.length;
                }
            }
        }
        assertEquals(meanLoss, packed.scalar("loss"), 1e-12);
        for (int p = 0; p < names.size(); p++) {
            double[] g = packed.gradient(names.get(p));
            for (int i = 0; i < g.length; i++) {
                assertTrue(Math.abs(g[i] - meanGrads[p][i]) <= 1e-12, names.get(p) + "[" + i + "]: packed " + g[i]
                        + ", mean of documents " + meanGrads[p][i]);
            }
        }
    }

    private static Program compile(Gpt gpt) {
        return Flatgrad.compile(ProgramSpec.builder(gpt.graph()).minimize(gpt.loss(), gpt.params()).build());
    }
}
