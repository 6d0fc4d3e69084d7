package dev.flatgrad.properties;

import static dev.flatgrad.testing.qt.Seeds.qt;

import dev.flatgrad.testing.CaseGenerator;
import dev.flatgrad.testing.ForwardOracle;
import dev.flatgrad.testing.NonDifferentiable;
import dev.flatgrad.testing.Primitive;
import dev.flatgrad.testing.qt.CaseGens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The interpreter's forward values, which every other check trusts, against an independent oracle
 * ({@link ForwardOracle}): one property per primitive op, each checking every node of its cases
 * (leaves, broadcasts and the contraction too) at every size of the symbol. {@link
 * OracleCoverageTest} makes sure every op is among them.
 */
class InterpreterOracleTest {
    private static final int EXAMPLES = 150;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Primitive.class)
    void differentiablePrimitives(Primitive primitive) {
        check(primitive.label(), primitive);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(NonDifferentiable.class)
    void nonDifferentiablePrimitives(NonDifferentiable primitive) {
        check(primitive.label(), primitive);
    }

    private static void check(String property, CaseGenerator generator) {
        qt(property).withExamples(EXAMPLES).withShrinkCycles(500).forAll(CaseGens.cases(generator, true))
                .checkAssert(ForwardOracle::assertInterpreterMatches);
    }
}
