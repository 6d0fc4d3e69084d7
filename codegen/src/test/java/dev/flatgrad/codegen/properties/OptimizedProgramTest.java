package dev.flatgrad.codegen.properties;

import static dev.flatgrad.testing.qt.Seeds.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.emission.BufferRole;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.testing.Composite;
import dev.flatgrad.testing.GeneratedCase;
import dev.flatgrad.testing.qt.CaseGens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A program compiled from the graph the passes optimised computes what the program of the graph as built computes,
 * bit for bit: the loss and every gradient, on random DAGs, graphs full of what the passes rewrite and the nn
 * composites, in f64, and in f32 where no constant arithmetic is folded (folding computes in f64, then rounds); and
 * it has the same params, inputs, outputs and gradients.
 */
class OptimizedProgramTest {
    @Test
    void randomDagsInF64() {
        qt("randomDagsInF64").withExamples(100).withShrinkCycles(500).forAll(CaseGens.randomDags(true))
                .checkAssert(c -> assertSameAsUnoptimized(c, DType.F64));
    }

    @Test
    void randomDagsInF32() {
        qt("randomDagsInF32").withExamples(50).withShrinkCycles(500).forAll(CaseGens.randomDags(true))
                .checkAssert(c -> assertSameAsUnoptimized(c, DType.F32));
    }

    @Test
    void rewritableDagsInF64() {
        qt("rewritableDagsInF64").withExamples(100).withShrinkCycles(500).forAll(CaseGens.rewritableDags(true))
                .checkAssert(c -> assertSameAsUnoptimized(c, DType.F64));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Composite.class)
    void composites(Composite composite) {
        qt(composite.label()).withExamples(8).withShrinkCycles(100).forAll(CaseGens.cases(composite, true))
                .checkAssert(c -> assertSameAsUnoptimized(c, DType.F64));
    }

    private static void assertSameAsUnoptimized(GeneratedCase c, DType precision) {
        Program optimized = Flatgrad.compile(CompiledCheck.builder(c, precision).build());
        Program plain = Flatgrad.compile(CompiledCheck.builder(c, precision).optimize(false).build());
        for (BufferRole role : BufferRole.values()) {
            assertEquals(plain.names(role), optimized.names(role), role + " names\n" + c);
        }
        CompiledCheck.runAtCheckedSizes(c, optimized, (size, bindings) -> {
            CompiledCheck.bind(plain, bindings, size);
            plain.forward();
            plain.backward();
            String context = precision + " at size " + size + "\n" + c;
            for (String output : plain.names(BufferRole.OUTPUT)) {
                assertBitwiseEqual(plain.output(output), optimized.output(output), output + ", " + context);
            }
            for (String param : plain.names(BufferRole.GRADIENT)) {
                assertBitwiseEqual(plain.gradient(param), optimized.gradient(param), "d loss/d " + param + ", " + context);
            }
        });
    }

    private static void assertBitwiseEqual(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                throw new AssertionError("[" + i + "] is " + actual[i] + " optimised, " + expected[i] + " as built: " + what);
            }
        }
    }
}
