package dev.flatgrad.codegen.emission;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flatgrad.codegen.lowering.MatmulKernel;
import dev.flatgrad.codegen.lowering.Plan;
import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Transpose;
import dev.flatgrad.testing.GeneratedCase;
import dev.flatgrad.testing.WideMatmul;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The wide matmul cases that CompiledMatchesInterpreterTest checks against the interpreter reach,
 * on this machine's vector width, every way a vectorised kernel can tile its columns for widths up
 * to {@link WideMatmul#MAX_WIDTH} (blocks of vectors, looped or not, a single vector, an 8-column
 * scalar tile, a remainder), every row layout (one row, fewer rows than a block, whole blocks of rows,
 * blocks and rows left over, the symbolic length; blocks are pairs in exact numerics, fours in fast)
 * and every operand layout (plain, a transposed weight copied, a product computed transposed).
 * Coverage is computed from the lowering plans of the very generators the property runs, with fixed
 * seeds.
 */
class VectorTileCoverageTest {
    private static final int SEEDS = 40;

    @ParameterizedTest(name = "{0}, {1} numerics")
    @CsvSource({"F64, EXACT", "F32, EXACT", "F64, FAST", "F32, FAST"})
    void wideMatmulsReachEveryVectorTiling(DType precision, Numerics numerics) {
        int lanes = VectorSupport.lanes(precision);
        assumeTrue(lanes > 0, "run the JVM with --add-modules jdk.incubator.vector");
        int block = MatmulEmitter.vectorRows(lanes, numerics == Numerics.FAST);
        Set<String> required = new TreeSet<>(List.of("one row", "row blocks", "row blocks and rows left over",
                "symbolic rows",
                "plain operands", "transposed weight copied", "product computed transposed"));
        if (block > 2) {
            required.add("fewer rows than a block");
        }
        for (int columns = lanes; columns <= WideMatmul.MAX_WIDTH; columns++) {
            required.addAll(columnTiling(columns, lanes));
        }
        Set<String> covered = new TreeSet<>();
        for (WideMatmul generator : WideMatmul.values()) {
            for (int seed = 0; seed < SEEDS; seed++) {
                GeneratedCase c = generator.generate(new SplittableRandom(seed), seed % 2 == 1);
                ProgramSpec spec = ProgramSpec.builder(c.graph()).minimize(c.loss(), c.params()).precision(precision)
                        .numerics(numerics).build();
                Plan plan = ProgramEmitter.plan(spec);
                for (Node n : plan.neededNodes()) {
                    MatmulKernel m = plan.isMaterialized(n) ? plan.matmul(n) : null;
                    if (m != null && plan.vectorizable(m)) {
                        covered.addAll(columnTiling(n.shape().dim(n.rank() - 1).max(), lanes));
                        covered.add(rows(n.shape().dim(n.rank() - 2), block));
                        covered.add(operands(plan, m));
                    }
                }
            }
        }
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), () -> "with " + lanes + " " + precision + " lanes no wide matmul case reaches " + missing
                + "; widen dev.flatgrad.testing.WideMatmul (covered: " + covered + ")");
    }

    /** The kinds of column tile a kernel of {@code columns} columns uses. */
    private static Set<String> columnTiling(int columns, int lanes) {
        Set<String> kinds = new TreeSet<>();
        for (MatmulEmitter.Tile t : MatmulEmitter.columnTiles(columns, lanes)) {
            String loop = t.looped() ? "looped " : "";
            if (t.vector()) {
                kinds.add(loop + "block of " + t.width() + " vectors");
            } else {
                kinds.add(loop + (t.width() == MatmulEmitter.COLUMN_BLOCK ? "scalar tile" : "scalar remainder"));
            }
        }
        return kinds;
    }

    private static String rows(Dim rows, int block) {
        if (rows.isSymbolic()) {
            return "symbolic rows";
        }
        if (rows.isOne()) {
            return "one row";
        }
        if (rows.max() < block) {
            return "fewer rows than a block";
        }
        return rows.max() % block == 0 ? "row blocks" : "row blocks and rows left over";
    }

    private static String operands(Plan plan, MatmulKernel m) {
        if (m.swapped()) {
            return "product computed transposed";
        }
        return m.b().op() instanceof Transpose && plan.isMaterialized(m.b()) ? "transposed weight copied" : "plain operands";
    }
}
