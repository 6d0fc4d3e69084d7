package dev.flatgrad.codegen.lowering;

import static dev.flatgrad.testing.qt.Seeds.qt;

import dev.flatgrad.codegen.KernelContents;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.testing.Composite;
import dev.flatgrad.testing.GeneratedCase;
import dev.flatgrad.testing.qt.CaseGens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lowering computes every value once: a node fused into a kernel is fused into no other, so a
 * value with several consumers in different kernels gets a buffer. Checked on the plans of random
 * DAGs and of the nn composites (the parts of microgpt), forward and backward; examples' tests check
 * the whole microgpt graph.
 */
class RecomputationTest {
    @Test
    void randomDags() {
        qt("randomDags").withExamples(500).withShrinkCycles(1000).forAll(CaseGens.randomDags(true))
                .checkAssert(RecomputationTest::check);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Composite.class)
    void composites(Composite composite) {
        qt(composite.label()).withExamples(50).withShrinkCycles(200).forAll(CaseGens.cases(composite, true))
                .checkAssert(RecomputationTest::check);
    }

    private static void check(GeneratedCase c) {
        ProgramSpec spec = ProgramSpec.builder(c.graph()).minimize(c.loss(), c.params()).precision(DType.F64).build();
        KernelContents.assertNoNodeComputedTwice(spec, c.toString());
    }
}
