package dev.flatgrad.codegen.properties;

import static dev.flatgrad.testing.qt.Seeds.qt;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.testing.GeneratedCase;
import dev.flatgrad.testing.Ties;
import dev.flatgrad.testing.qt.CaseGens;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compiled gradients of max and maximum at ties split the gradient evenly, as the interpreter's do
 * (see graph-dsl's TieGradientTest): checked against the convention computed from the values, not
 * against the interpreter, so a tie bug shared by both cannot hide. The tied values are small whole
 * numbers, exact in f32 too; f32 differs only by the rounding of the weights (2^-24 relative).
 */
class CompiledTieGradientTest {
    private static final double F64_TOLERANCE = 1e-12;
    private static final double F32_TOLERANCE = 1e-6;

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"MAX, F64", "MAXIMUM, F64", "MAX, F32", "MAXIMUM, F32"})
    void compiledTiesSplitTheGradientEvenly(Ties ties, DType precision) {
        double tolerance = precision == DType.F64 ? F64_TOLERANCE : F32_TOLERANCE;
        qt(ties.name().toLowerCase(Locale.ROOT) + "." + precision).withExamples(30).withShrinkCycles(200)
                .forAll(CaseGens.cases(ties, true))
                .checkAssert(c -> {
                    Program program = Flatgrad.compile(CompiledCheck.spec(c, precision));
                    CompiledCheck.runAtCheckedSizes(c, program, (size, bindings) -> ties.assertGradientsFollowTheConvention(
                            c, bindings, gradients(c, program), tolerance, "compiled " + precision + " at size " + size));
                });
    }

    private static Map<String, double[]> gradients(GeneratedCase c, Program program) {
        Map<String, double[]> byName = new LinkedHashMap<>();
        c.params().forEach(p -> byName.put(p.name(), program.gradient(p.name())));
        return byName;
    }
}
