package dev.flatgrad.properties;

import static dev.flatgrad.testing.qt.Seeds.qt;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.testing.GradientAssertions;
import dev.flatgrad.testing.OpKeys;
import dev.flatgrad.testing.Primitive;
import dev.flatgrad.testing.qt.CaseGens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For every differentiable primitive: on generated shapes (rank 0 to 3, sizes 1 to 6, sometimes a
 * symbolic dimension) and values kept clear of kinks and domain edges, the autodiff gradient of
 * {@code sum(op(params) * w)} matches central finite differences element by element. One test per
 * {@link Primitive}, so a new catalog entry is checked without further wiring.
 */
class PrimitiveGradientTest {
    private static final int EXAMPLES = 400;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Primitive.class)
    void autodiffMatchesFiniteDifferences(Primitive primitive) {
        qt(primitive.label()).withExamples(EXAMPLES).withShrinkCycles(500)
                .forAll(CaseGens.cases(primitive, true))
                .checkAssert(c -> {
                    assertTrue(OpKeys.of(c).contains(primitive.opKey()), () -> "the case lacks " + primitive.opKey() + ":\n" + c);
                    GradientAssertions.assertMatchesFiniteDifferences(c);
                });
    }
}
