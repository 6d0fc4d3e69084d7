package dev.flatgrad.properties;

import static dev.flatgrad.testing.qt.Seeds.qt;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.testing.GeneratedCase;
import dev.flatgrad.testing.Ties;
import dev.flatgrad.testing.qt.CaseGens;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * At ties (equal values in a max slice, equal operands of maximum) the gradient is a convention that
 * finite differences cannot check: it is split evenly between the tied elements, as JAX does. The
 * autodiff gradient, evaluated by the interpreter, must follow it exactly, and most generated cases
 * must actually tie, or the property would check nothing.
 */
class TieGradientTest {
    private static final int EXAMPLES = 300;
    /** The same products and quotients; only sums over broadcast axes may add in another order. */
    private static final double TOLERANCE = 1e-14;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Ties.class)
    void tiesSplitTheGradientEvenly(Ties ties) {
        AtomicInteger tied = new AtomicInteger();
        qt(ties.name().toLowerCase(Locale.ROOT)).withExamples(EXAMPLES).withShrinkCycles(500)
                .forAll(CaseGens.cases(ties, true))
                .checkAssert(c -> {
                    Bindings b = c.bindings();
                    tied.addAndGet(ties.ties(c, b) > 0 ? 1 : 0);
                    ties.assertGradientsFollowTheConvention(c, b, gradients(c, b), TOLERANCE, "interpreter");
                });
        assertTrue(tied.get() >= EXAMPLES / 3, () -> "only " + tied + " of " + EXAMPLES + " cases had a tie");
    }

    private static Map<String, double[]> gradients(GeneratedCase c, Bindings b) {
        List<NDArray> grads = Interpreter.evaluate(b, Autodiff.grad(c.loss(), c.params()));
        Map<String, double[]> byName = new LinkedHashMap<>();
        for (int i = 0; i < grads.size(); i++) {
            byName.put(c.params().get(i).name(), grads.get(i).data());
        }
        return byName;
    }
}
