package dev.flatgrad.codegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.TestGraphs.Classifier;
import dev.flatgrad.codegen.emission.BufferRole;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.nn.Nn;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated Adam kernel against plain Java transcriptions: of microgpt.py's update loop (f64), and
 * of the generated float arithmetic with its flush of tiny moments (f32).
 */
class AdamTest {
    private static final double LEARNING_RATE = 0.01;
    private static final double BETA1 = 0.85;
    private static final double BETA2 = 0.99;
    private static final double EPS = 1e-8;
    private static final int STEPS = 100;
    /** Three flushes of tiny moments (every {@link Program#FLUSH_INTERVAL} steps). */
    private static final int F32_STEPS = 200;
    /** f32 Adam moments below this magnitude are flushed to zero: the documented threshold. */
    private static final float F32_FLUSH = 1e-30f;
    /** Elements of the param whose gradient is cut, so its moments decay towards the threshold. */
    private static final int DEAD = 32;

    @Test
    void matchesMicrogptsUpdateLoopFor100Steps() {
        Classifier c = new Classifier();
        Program p = Flatgrad.compile(c.spec(Optimizer.adam(BETA1, BETA2, EPS), DType.F64));
        p.setLength(3).setInput("x", Classifier.X).setInput("labels", Classifier.LABELS)
                .setParam("w1", Classifier.W1).setParam("w2", Classifier.W2);
        String[] names = {"w1", "w2"};
        double[][] params = {Classifier.W1.clone(), Classifier.W2.clone()};
        double[][] m = {new double[12], new double[8]};
        double[][] v = {new double[12], new double[8]};
        double worst = 0;
        for (int step = 0; step < STEPS; step++) {
            p.forward();
            p.backward();
            double lrT = LEARNING_RATE * (1 - (double) step / STEPS);
            for (int k = 0; k < names.length; k++) {
                microgptUpdate(params[k], p.gradient(names[k]), m[k], v[k], step, lrT);
            }
            p.update(lrT);
            for (int k = 0; k < names.length; k++) {
                double[] actual = p.param(names[k]);
                for (int i = 0; i < actual.length; i++) {
                    double error = Math.abs(actual[i] - params[k][i]) / Math.max(Math.abs(params[k][i]), 1e-300);
                    worst = Math.max(worst, error);
                    assertTrue(error <= 1e-15, "step " + step + " " + names[k] + "[" + i + "]: generated " + actual[i]
                            + ", transcription " + params[k][i]);
                }
            }
        }
        System.out.println("Adam kernel vs transcription, 100 steps: worst relative difference " + worst);
    }

    /**
     * f32, step by step and bit for bit: params and both moments of a classifier's weights, and of a
     * param whose gradient a gate of zeros cuts (like an embedding row no document uses). That one's
     * moments start between 1e-31 and 3e-16 and decay (x0.85, x0.99 per step), so at each flush some
     * have just fallen below the threshold and some tiny ones have not: the former must be zero
     * afterwards, the latter untouched.
     */
    @Test
    void f32MatchesAFloatTranscriptionIncludingTheFlushOfTinyMoments() {
        Graph g = new Graph();
        Node x = g.input("x", DType.F64, Shape.of(3, 3));
        Node labels = g.input("labels", DType.I32, Shape.of(3));
        Node w1 = g.param("w1", 4, 3);
        Node w2 = g.param("w2", 2, 4);
        Node dead = g.param("dead", DEAD);
        Node gate = g.input("gate", DType.F64, Shape.of(DEAD));
        Node classifier = Nn.crossEntropy(Nn.linear(Nn.linear(x, w1).relu(), w2), labels);
        Node loss = classifier.add(dead.mul(gate).sum()).named("loss");
        Program p = Flatgrad.compile(ProgramSpec.builder(g).className("GatedClassifier").minimize(loss, List.of(w1, w2, dead))
                .optimizer(Optimizer.adam(BETA1, BETA2, EPS)).precision(DType.F32).build());
        String[] names = {"w1", "w2", "dead"};
        float[][] params = {floats(Classifier.W1), floats(Classifier.W2), new float[DEAD]};
        float[][] m = {new float[12], new float[8], new float[DEAD]};
        float[][] v = {new float[12], new float[8], new float[DEAD]};
        for (int i = 0; i < DEAD; i++) {
            m[2][i] = (float) ((i % 2 == 0 ? 1 : -1) * Math.pow(10, -31 + i / 2.0));
            v[2][i] = (float) Math.pow(10, -31 + i / 16.0);
        }
        p.setInput("x", Classifier.X).setInput("labels", Classifier.LABELS).setInput("gate", new double[DEAD]);
        for (int k = 0; k < names.length; k++) {
            p.setParam(names[k], doubles(params[k]));
            p.setOptimizerState(BufferRole.ADAM_M, names[k], doubles(m[k]));
            p.setOptimizerState(BufferRole.ADAM_V, names[k], doubles(v[k]));
        }
        FlushCheck flush = new FlushCheck();
        for (int step = 1; step <= F32_STEPS; step++) {
            p.forward();
            p.backward();
            double lr = LEARNING_RATE * (1 - (double) (step - 1) / F32_STEPS);
            double bc1 = 1 - Math.pow(BETA1, step);
            double bc2 = 1 - Math.pow(BETA2, step);
            for (int k = 0; k < names.length; k++) {
                generatedF32Update(params[k], floats(p.gradient(names[k])), m[k], v[k], lr, bc1, bc2);
            }
            p.update(lr);
            for (int k = 0; k < names.length; k++) {
                for (BufferRole role : List.of(BufferRole.ADAM_M, BufferRole.ADAM_V)) {
                    float[] moments = (role == BufferRole.ADAM_M ? m : v)[k];
                    double[] actual = p.optimizerState(role, names[k]);
                    String what = "step " + step + " " + role + " of " + names[k];
                    if (step % Program.FLUSH_INTERVAL == 0) {
                        flush.checkAndApply(moments, actual, what);
                    }
                    assertExactly(moments, actual, what);
                }
                assertExactly(params[k], p.param(names[k]), "step " + step + " param " + names[k]);
            }
        }
        assertTrue(flush.flushed > 0 && flush.keptTiny > 0, "the flush was exercised: " + flush.flushed
                + " moments flushed, " + flush.keptTiny + " below 1e-20 kept");
    }

    /** What a flush must do to moments, given the transcription's values just before it. */
    private static final class FlushCheck {
        int flushed;
        int keptTiny;

        /** Moments below the threshold are zero in the program, the others untouched; the transcription flushes too. */
        void checkAndApply(float[] before, double[] actual, String what) {
            for (int i = 0; i < before.length; i++) {
                boolean below = Math.abs(before[i]) < F32_FLUSH;
                assertEquals(below ? 0f : before[i], (float) actual[i], what + "[" + i + "] = " + before[i] + " before the flush: "
                        + (below ? "below " + F32_FLUSH + ", must be flushed to 0" : "at or above " + F32_FLUSH + ", must be kept"));
                flushed += below ? 1 : 0;
                keptTiny += !below && Math.abs(before[i]) < 1e-20f ? 1 : 0;
                before[i] = below ? 0f : before[i];
            }
        }
    }

    /**
     * The generated f32 Adam loop, in float arithmetic with the same literals: {@code (float) (1 -
     * beta1)} and so on, {@code Math.sqrt} on the widened float, and the step scalars narrowed once.
     */
    private static void generatedF32Update(float[] p, float[] g, float[] m, float[] v, double lr, double bc1, double bc2) {
        for (int i = 0; i < p.length; i++) {
            float gi = g[i];
            float mi = (float) BETA1 * m[i] + (float) (1 - BETA1) * gi;
            float vi = (float) BETA2 * v[i] + (float) (1 - BETA2) * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            p[i] -= (float) lr * (mi / (float) bc1) / ((float) Math.sqrt(vi / (float) bc2) + (float) EPS);
        }
    }

    private static void assertExactly(float[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if ((float) actual[i] != expected[i]) {
                throw new AssertionError(what + "[" + i + "]: generated " + (float) actual[i] + ", transcription " + expected[i]);
            }
        }
    }

    private static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** microgpt.py: m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g**2; bias-corrected; p -= lr*m̂/(v̂**0.5 + eps). */
    private static void microgptUpdate(double[] p, double[] grad, double[] m, double[] v, int step, double lrT) {
        for (int i = 0; i < p.length; i++) {
            m[i] = BETA1 * m[i] + (1 - BETA1) * grad[i];
            v[i] = BETA2 * v[i] + (1 - BETA2) * (grad[i] * grad[i]); // p.grad ** 2 first, as Python evaluates it
            double mHat = m[i] / (1 - Math.pow(BETA1, step + 1));
            double vHat = v[i] / (1 - Math.pow(BETA2, step + 1));
            p[i] -= lrT * mHat / (Math.pow(vHat, 0.5) + EPS);
        }
    }
}
