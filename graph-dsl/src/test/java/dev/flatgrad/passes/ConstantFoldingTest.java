package dev.flatgrad.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.ops.Constant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantFoldingTest {
    private final Graph g = new Graph();
    private final Dim t = g.symbol("T", 4);

    private Node folded(Node n) {
        return new ConstantFolding().apply(g, List.of(n)).get(n);
    }

    private static Constant constant(Node n) {
        assertTrue(n.op() instanceof Constant, n + " is no constant");
        return (Constant) n.op();
    }

    @Test
    void arithmeticOnScalarsBecomesAFillWithTheSiteAndNameOfWhatItReplaces() {
        Node sum = g.constant(0.1).add(g.constant(0.2)).named("sum");
        Node f = folded(sum);
        assertEquals(0.1 + 0.2, constant(f).fillValue());
        assertTrue(constant(f).isFill());
        assertEquals(sum.site(), f.site());
        assertEquals("sum", f.name());
    }

    @Test
    void aBroadcastScalarIsAFillOfTheSymbolicShape() {
        Node b = g.constant(-0.5).broadcastTo(Shape.of(t, 3));
        Node f = folded(b);
        assertEquals(-0.5, constant(f).fillValue());
        assertEquals(Shape.of(t, 3), f.shape());
    }

    @Test
    void pointwiseChainsOverSymbolicFillsFoldWholly() {
        Node x = g.full(2, DType.F64, Shape.of(t)).exp().mul(g.full(3, DType.F64, Shape.of(t))).neg();
        assertEquals(-(Math.exp(2) * 3), constant(folded(x)).fillValue());
        Node mask = g.full(1, DType.F64, Shape.of(t)).gt(g.constant(0.5));
        Node chosen = mask.select(g.constant(7.0), g.constant(8.0));
        assertEquals(7.0, constant(folded(chosen)).fillValue());
    }

    @Test
    void staticOpsOnTablesAreEvaluated() {
        Node a = g.constant(new double[] {1, 2, 3, 4, 5, 6}, DType.F64, 2, 3);
        Node b = g.constant(new double[] {1, 0, 0, 1, 1, 1}, DType.F64, 3, 2);
        Node product = a.matmul(b);
        assertArrayEquals(new double[] {4, 5, 10, 11}, constant(folded(product)).values());
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, constant(folded(a.transpose())).values());
        assertArrayEquals(new double[] {6, 15}, constant(folded(a.sum(1, false))).values());
    }

    @Test
    void aResultWithOneValueEverywhereIsAFill() {
        Node zeros = g.full(0, DType.F64, Shape.of(2, 3));
        Node joined = zeros.concat(0, zeros);
        assertTrue(constant(folded(joined)).isFill());
        assertEquals(Shape.of(4, 3), folded(joined).shape());
    }

    @Test
    void f32ResultsAreRoundedToF32() {
        Node third = g.constant(1, DType.F32).div(g.constant(3, DType.F32));
        assertEquals((float) (1.0 / 3.0), constant(folded(third)).fillValue());
    }

    @Test
    void whatDependsOnALeafTheSymbolsSizeOrTooManyElementsStays() {
        Node p = g.param("p", 3);
        Node onParam = p.mul(g.constant(2.0));
        Node overT = g.full(1, DType.F64, Shape.of(t)).sum(0, false);
        Node large = g.full(1, DType.F64, Shape.of(ConstantFolding.MAX_ELEMENTS + 1)).sum(0, false);
        Rewritten r = new ConstantFolding().apply(g, List.of(onParam, overT, large));
        for (Node n : List.of(onParam, overT, large)) {
            assertSame(n.op(), r.get(n).op(), n + " was folded");
        }
    }

    @Test
    void intResultsAndFailingEvaluationsStay() {
        Node ids = g.constant(new double[] {0, 5}, DType.I32, 2);
        Node table = g.constant(new double[] {1, 2, 3, 4}, DType.F64, 2, 2);
        Node outOfRange = table.gatherRows(ids);
        Node intReshape = ids.reshape(2, 1);
        Rewritten r = new ConstantFolding().apply(g, List.of(outOfRange, intReshape));
        assertFalse(r.get(outOfRange).op() instanceof Constant);
        assertFalse(r.get(intReshape).op() instanceof Constant);
    }

    @Test
    void constantsAndIndexFunctionsAreLeftAsTheyAre() {
        Node c = g.constant(1.0);
        Node iota = g.iota(Shape.of(t), 0, DType.F64);
        Rewritten r = new ConstantFolding().apply(g, List.of(c, iota));
        assertFalse(r.changed());
        assertEquals(PrintedGraph.of(g), PrintedGraph.of(r.graph()));
    }
}
