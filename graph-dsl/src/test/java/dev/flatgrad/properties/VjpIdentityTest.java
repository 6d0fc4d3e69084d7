package dev.flatgrad.properties;

import static dev.flatgrad.testing.qt.Seeds.qt;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.testing.GeneratedCase;
import dev.flatgrad.testing.qt.CaseGens;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The VJP inner-product identity {@code <J v, u> = <v, Jᵀ u>} on random DAGs, where {@code y} is
 * the DAG's output, {@code u} the contraction weights (so the loss is {@code <u, y>}), {@code Jᵀu}
 * the autodiff gradient and {@code J v} a central difference along a random direction {@code v}
 * moving every param at once. Two evaluations per example, so it affords many examples.
 */
class VjpIdentityTest {
    private static final int EXAMPLES = 3000;
    private static final double STEP = 1e-5;
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-7;

    @Test
    void jacobianVectorProductMatchesVectorJacobianProduct() {
        qt("jacobianVectorProductMatchesVectorJacobianProduct").withExamples(EXAMPLES).withShrinkCycles(2000)
                .forAll(CaseGens.randomDags(true), longs().all())
                .checkAssert(VjpIdentityTest::checkIdentity);
    }

    private static void checkIdentity(GeneratedCase c, long directionSeed) {
        SplittableRandom random = new SplittableRandom(directionSeed);
        Bindings base = c.bindings();
        List<NDArray> grads = Interpreter.evaluate(base, Autodiff.grad(c.loss(), c.params()));
        Bindings plus = base.copy();
        Bindings minus = base.copy();
        double largest = 1;
        for (Node p : c.params()) {
            largest = Math.max(largest, maxAbs(base.get(p.name())));
        }
        double h = STEP * largest;
        double vjp = 0;
        // the identity sums terms of both signs; its error scales with the terms, not with their sum
        double scale = 0;
        for (int i = 0; i < c.params().size(); i++) {
            String name = c.params().get(i).name();
            NDArray x = base.get(name);
            NDArray up = x.copy();
            NDArray down = x.copy();
            for (int e = 0; e < x.size(); e++) {
                double v = random.nextDouble(-1, 1);
                up.data()[e] += h * v;
                down.data()[e] -= h * v;
                vjp += v * grads.get(i).get(e);
                scale += Math.abs(v * grads.get(i).get(e));
            }
            plus.bind(name, up);
            minus.bind(name, down);
        }
        double jvp = (Interpreter.evaluate(c.loss(), plus).item() - Interpreter.evaluate(c.loss(), minus).item()) / (2 * h);
        double allowed = ATOL + RTOL * Math.max(scale, Math.abs(jvp));
        double difference = Math.abs(jvp - vjp);
        double autodiff = vjp;
        assertTrue(difference <= allowed, () -> "<J v, u> = " + jvp + " by finite differences but <v, Jᵀ u> = " + autodiff
                + " by autodiff (difference " + difference + ", allowed " + allowed + ")\nfor " + c);
    }

    private static double maxAbs(NDArray a) {
        double m = 0;
        for (double v : a.data()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
