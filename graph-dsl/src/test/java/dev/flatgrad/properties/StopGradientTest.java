package dev.flatgrad.properties;

import static dev.flatgrad.testing.qt.Seeds.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.testing.CaseBuilder;
import dev.flatgrad.testing.GeneratedCase;
import dev.flatgrad.testing.StopGradientCases;
import dev.flatgrad.testing.qt.CaseGens;
import org.junit.jupiter.api.Test;

/**
 * stop_gradient is the identity going forward and blocks gradients going back, so finite
 * differences are the wrong oracle; these properties state the exact gradient instead.
 */
class StopGradientTest {
    private static final int EXAMPLES = 300;

    @Test
    void gradientThroughStopGradientAloneIsExactlyZero() {
        qt("gradientThroughStopGradientAloneIsExactlyZero").withExamples(EXAMPLES).forAll(CaseGens.cases(StopGradientCases.BLOCKED, true)).checkAssert(c -> {
            NDArray grad = gradient(c);
            for (int i = 0; i < grad.size(); i++) {
                assertEquals(0.0, grad.get(i), "element " + i + " of the gradient of\n" + c);
            }
        });
    }

    @Test
    void onlyTheUnstoppedFactorIsDifferentiated() {
        qt("onlyTheUnstoppedFactorIsDifferentiated").withExamples(EXAMPLES).forAll(CaseGens.cases(StopGradientCases.MIXED, true)).checkAssert(c -> {
            // d/dx sum(w * sg(x) * x) = w * x; a leaking stop_gradient would give 2 * w * x
            Bindings b = c.bindings();
            NDArray x = b.get(c.params().get(0).name());
            NDArray w = b.get(CaseBuilder.WEIGHTS);
            NDArray grad = gradient(c);
            for (int i = 0; i < grad.size(); i++) {
                double expected = w.get(i) * x.get(i);
                assertEquals(expected, grad.get(i), 1e-15 * Math.abs(expected), "element " + i + " of the gradient of\n" + c);
            }
        });
    }

    private static NDArray gradient(GeneratedCase c) {
        Node x = c.params().get(0);
        return Interpreter.evaluate(Autodiff.grad(c.loss(), x), c.bindings());
    }
}
