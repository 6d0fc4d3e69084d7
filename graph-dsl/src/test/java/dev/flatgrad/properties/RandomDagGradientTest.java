package dev.flatgrad.properties;

import static dev.flatgrad.testing.qt.Seeds.qt;

import dev.flatgrad.testing.GradientAssertions;
import dev.flatgrad.testing.qt.CaseGens;
import org.junit.jupiter.api.Test;

/**
 * Random DAGs of 3 to 12 primitives over 1 to 3 params: autodiff matches finite differences. The
 * programs shrink, so a failure is reported as a small printed graph.
 */
class RandomDagGradientTest {
    private static final int EXAMPLES = 3000;

    @Test
    void autodiffMatchesFiniteDifferences() {
        qt("autodiffMatchesFiniteDifferences").withExamples(EXAMPLES).withShrinkCycles(5000)
                .forAll(CaseGens.randomDags(true))
                .checkAssert(GradientAssertions::assertMatchesFiniteDifferences);
    }
}
