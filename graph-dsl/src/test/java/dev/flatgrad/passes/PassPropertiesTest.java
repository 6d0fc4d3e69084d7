package dev.flatgrad.passes;

import static dev.flatgrad.testing.qt.Seeds.qt;

import dev.flatgrad.testing.Composite;
import dev.flatgrad.testing.qt.CaseGens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each pass alone and the pipeline, on random DAGs of every primitive, on DAGs full of what the passes rewrite
 * ({@link dev.flatgrad.testing.RewritableDags}) and on the nn composites. Run after autodiff they keep the values
 * of the loss and its gradients bit for bit (interpreter before against after, at every size of the symbol) and
 * never grow the graph; run before autodiff they keep the gradients autodiff derives (to rounding: merged nodes
 * sum theirs in another order); run twice they change nothing.
 */
class PassPropertiesTest {
    private static final int DAG_EXAMPLES = 100;
    private static final int COMPOSITE_EXAMPLES = 15;

    @ParameterizedTest(name = "{0}")
    @EnumSource(PassUnderTest.class)
    void keepsValuesOnRandomDags(PassUnderTest pass) {
        qt(pass.label() + " keepsValuesOnRandomDags").withExamples(DAG_EXAMPLES).withShrinkCycles(300)
                .forAll(CaseGens.randomDags(true)).checkAssert(c -> PassChecks.assertKeepsValues(pass, c));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PassUnderTest.class)
    void keepsValuesOnRewritableDags(PassUnderTest pass) {
        qt(pass.label() + " keepsValuesOnRewritableDags").withExamples(DAG_EXAMPLES).withShrinkCycles(300)
                .forAll(CaseGens.rewritableDags(true)).checkAssert(c -> PassChecks.assertKeepsValues(pass, c));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PassUnderTest.class)
    void keepsGradientsOnRandomDags(PassUnderTest pass) {
        qt(pass.label() + " keepsGradientsOnRandomDags").withExamples(DAG_EXAMPLES).withShrinkCycles(300)
                .forAll(CaseGens.randomDags(true)).checkAssert(c -> PassChecks.assertKeepsGradients(pass, c));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PassUnderTest.class)
    void keepsGradientsOnRewritableDags(PassUnderTest pass) {
        qt(pass.label() + " keepsGradientsOnRewritableDags").withExamples(DAG_EXAMPLES).withShrinkCycles(300)
                .forAll(CaseGens.rewritableDags(true)).checkAssert(c -> PassChecks.assertKeepsGradients(pass, c));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PassUnderTest.class)
    void isIdempotentOnRandomDags(PassUnderTest pass) {
        qt(pass.label() + " isIdempotentOnRandomDags").withExamples(DAG_EXAMPLES).withShrinkCycles(300)
                .forAll(CaseGens.randomDags(true)).checkAssert(c -> PassChecks.assertIdempotent(pass, c));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PassUnderTest.class)
    void isIdempotentOnRewritableDags(PassUnderTest pass) {
        qt(pass.label() + " isIdempotentOnRewritableDags").withExamples(DAG_EXAMPLES).withShrinkCycles(300)
                .forAll(CaseGens.rewritableDags(true)).checkAssert(c -> PassChecks.assertIdempotent(pass, c));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Composite.class)
    void everyPassOnComposites(Composite composite) {
        for (PassUnderTest pass : PassUnderTest.values()) {
            qt(pass.label() + " " + composite.label()).withExamples(COMPOSITE_EXAMPLES).withShrinkCycles(100)
                    .forAll(CaseGens.cases(composite, true)).checkAssert(c -> {
                        PassChecks.assertKeepsValues(pass, c);
                        PassChecks.assertKeepsGradients(pass, c);
                        PassChecks.assertIdempotent(pass, c);
                    });
        }
    }
}
