package dev.flatgrad.properties;

import static dev.flatgrad.testing.qt.Seeds.qt;

import dev.flatgrad.testing.Composite;
import dev.flatgrad.testing.GradientAssertions;
import dev.flatgrad.testing.qt.CaseGens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The nn composites' derived gradients match finite differences: linear, rmsnorm, softmax and
 * logSoftmax on any axis, cross-entropy with and without position weights, mlp, embedding, and
 * causal self-attention with and without segment ids.
 */
class CompositeGradientTest {
    private static final int EXAMPLES = 200;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Composite.class)
    void autodiffMatchesFiniteDifferences(Composite composite) {
        qt(composite.label()).withExamples(EXAMPLES).withShrinkCycles(500)
                .forAll(CaseGens.cases(composite, true))
                .checkAssert(GradientAssertions::assertMatchesFiniteDifferences);
    }
}
