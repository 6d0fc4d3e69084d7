package dev.flatgrad.codegen.properties;

import static dev.flatgrad.testing.qt.Seeds.qt;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.testing.Composite;
import dev.flatgrad.testing.Primitive;
import dev.flatgrad.testing.WideMatmul;
import dev.flatgrad.testing.qt.CaseGens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compiled programs agree with the reference interpreter on generated graphs: every primitive, every
 * composite, wide matmuls and random DAGs, forward loss and all gradients, across shapes and symbolic
 * lengths.
 * f64 within 1e-12 (relative to each tensor's scale); f32 within 1e-4, since float rounding
 * (2^-24 ≈ 6e-8 per operation) accumulates through a dozen ops and their gradients.
 */
class CompiledMatchesInterpreterTest {
    private static final double F64_TOLERANCE = 1e-12;
    private static final double F32_TOLERANCE = 1e-4;
    private static final double FAST_F64_TOLERANCE = 1e-9;
    private static final int WIDE_EXAMPLES = 30;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Primitive.class)
    void everyPrimitive(Primitive primitive) {
        qt(primitive.label()).withExamples(20).withShrinkCycles(200).forAll(CaseGens.cases(primitive, true))
                .checkAssert(c -> CompiledCheck.assertMatchesInterpreter(c, DType.F64, F64_TOLERANCE));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Composite.class)
    void everyComposite(Composite composite) {
        qt(composite.label()).withExamples(12).withShrinkCycles(200).forAll(CaseGens.cases(composite, true))
                .checkAssert(c -> CompiledCheck.assertMatchesInterpreter(c, DType.F64, F64_TOLERANCE));
    }

    /**
     * Matmuls up to 40 columns wide over up to 20 rows reach every column tiling of a 16-lane machine
     * (see {@code VectorTileCoverageTest}): vector and scalar code, each against the interpreter.
     */
    @ParameterizedTest(name = "{0} in {1}, vectorize {2}, {3} numerics")
    @CsvSource({"MATMUL, F64, true, EXACT", "LINEAR, F64, true, EXACT", "MATMUL, F32, true, EXACT",
            "LINEAR, F32, true, EXACT", "MATMUL, F64, false, EXACT", "LINEAR, F32, false, EXACT",
            "MATMUL, F64, true, FAST", "LINEAR, F32, true, FAST"})
    void wideMatmuls(WideMatmul matmul, DType precision, boolean vectorize, Numerics numerics) {
        double tolerance = precision == DType.F32 ? F32_TOLERANCE
                : numerics == Numerics.FAST ? FAST_F64_TOLERANCE : F64_TOLERANCE;
        qt(matmul.label() + " " + precision + (vectorize ? "" : " scalar") + " " + numerics)
                .withExamples(WIDE_EXAMPLES).withShrinkCycles(200)
                .forAll(CaseGens.cases(matmul, true))
                .checkAssert(c -> CompiledCheck.assertMatchesInterpreter(c,
                        CompiledCheck.builder(c, precision).vectorize(vectorize).numerics(numerics).build(), tolerance));
    }

    @Test
    void randomDagsInF64() {
        qt("randomDagsInF64").withExamples(300).withShrinkCycles(1000).forAll(CaseGens.randomDags(true))
                .checkAssert(c -> CompiledCheck.assertMatchesInterpreter(c, DType.F64, F64_TOLERANCE));
    }

    @Test
    void randomDagsInF32() {
        qt("randomDagsInF32").withExamples(100).withShrinkCycles(1000).forAll(CaseGens.randomDags(true))
                .checkAssert(c -> CompiledCheck.assertMatchesInterpreter(c, DType.F32, F32_TOLERANCE));
    }

    /** The numerics check mode's unfused programs (every node its own kernel, each checked) compute the same. */
    @Test
    void randomDagsUnfusedWithNumericsChecks() {
        qt("randomDagsUnfusedWithNumericsChecks").withExamples(100).withShrinkCycles(1000).forAll(CaseGens.randomDags(true))
                .checkAssert(c -> CompiledCheck.assertMatchesInterpreter(c,
                        CompiledCheck.builder(c, DType.F64).checkNumerics(true).build(), F64_TOLERANCE));
    }

    /**
     * Fast numerics (fused multiply-adds, vector exp, log and pow) within tolerances: f64 to 1e-9 of each tensor's
     * scale (a few roundings differ by an ulp, and vector exp is not correctly rounded), f32 as always.
     */
    @Test
    void randomDagsInFastNumerics() {
        qt("randomDagsInFastNumerics").withExamples(150).withShrinkCycles(1000).forAll(CaseGens.randomDags(true))
                .checkAssert(c -> {
                    CompiledCheck.assertMatchesInterpreter(c,
                            CompiledCheck.builder(c, DType.F64).numerics(Numerics.FAST).build(), FAST_F64_TOLERANCE);
                    CompiledCheck.assertMatchesInterpreter(c,
                            CompiledCheck.builder(c, DType.F32).numerics(Numerics.FAST).build(), F32_TOLERANCE);
                });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Composite.class)
    void everyCompositeInFastNumerics(Composite composite) {
        qt("fast " + composite.label()).withExamples(8).withShrinkCycles(200).forAll(CaseGens.cases(composite, true))
                .checkAssert(c -> CompiledCheck.assertMatchesInterpreter(c,
                        CompiledCheck.builder(c, DType.F64).numerics(Numerics.FAST).build(), FAST_F64_TOLERANCE));
    }
}
