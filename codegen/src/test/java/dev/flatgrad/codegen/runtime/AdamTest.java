package dev.flatgrad.codegen.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.TestGraphs.Classifier;
import dev.flatgrad.dsl.DType;
import org.junit.jupiter.api.Test;

/** The generated Adam kernel against a plain Java transcription of microgpt.py's update loop. */
class AdamTest {
    private static final double LEARNING_RATE = 0.01;
    private static final double BETA1 = 0.85;
    private static final double BETA2 = 0.99;
    private static final double EPS = 1e-8;
    private static final int STEPS = 100;

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
