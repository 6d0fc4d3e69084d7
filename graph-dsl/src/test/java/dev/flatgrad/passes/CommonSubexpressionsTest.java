package dev.flatgrad.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommonSubexpressionsTest {
    private final Graph g = new Graph();
    private final Node x = g.param("x", 2, 3);

    private Rewritten merge(Node... roots) {
        return new CommonSubexpressions().apply(g, List.of(roots));
    }

    @Test
    void equalNodesAndThenTheirConsumersBecomeOne() {
        Node a = x.exp().sum(1, true);
        Node b = x.exp().sum(1, true);
        Rewritten r = merge(a, b);
        assertSame(r.get(a), r.get(b));
        assertEquals("""
                %0:f64[2,3] = param    # x
                %1:f64[2,3] = exp %0    #
                %2:f64[2,1] = sum[axis=1 keepdims] %1    #
                """, PrintedGraph.of(r.graph()));
    }

    @Test
    void opsWithOtherAttributesStayApart() {
        List<Node> distinct = List.of(x.pow(2), x.pow(3), x.sum(0, true), x.sum(1, true), x.sum(1, false),
                x.max(1, true), x.slice(1, 0, 1), x.slice(1, 1, 2), x.permute(1, 0), x.neg(), x.exp());
        Rewritten r = merge(distinct.toArray(Node[]::new));
        assertEquals(distinct.size(), r.get(distinct).stream().distinct().count());
    }

    @Test
    void constantsMergeOnlyWhenEqualBitForBit() {
        Node zero = g.constant(0.0);
        Node negativeZero = g.constant(-0.0);
        Node zeroAgain = g.constant(0.0);
        double[] values = {1, 2, 3, 4, 5, 6};
        double[] lastDiffers = {1, 2, 3, 4, 5, 7};
        Node table = g.constant(values, DType.F64, 2, 3);
        Node same = g.constant(values.clone(), DType.F64, 2, 3);
        Node other = g.constant(lastDiffers, DType.F64, 2, 3);
        Node f32 = g.constant(0.0, DType.F32);
        Node wide = g.full(0.0, DType.F64, Shape.of(2));
        Rewritten r = merge(zero, negativeZero, zeroAgain, table, same, other, f32, wide);
        assertSame(r.get(zero), r.get(zeroAgain));
        assertNotSame(r.get(zero), r.get(negativeZero));
        assertSame(r.get(table), r.get(same));
        assertNotSame(r.get(table), r.get(other));
        assertNotSame(r.get(zero), r.get(f32));
        assertNotSame(r.get(zero), r.get(wide));
    }

    @Test
    void leavesNeverMerge() {
        Node y = g.param("y", 2, 3);
        Node ids = g.input("ids", DType.I32, Shape.of(2));
        Node moreIds = g.input("more_ids", DType.I32, Shape.of(2));
        Rewritten r = merge(x, y, ids, moreIds);
        assertEquals(4, r.graph().size());
        assertEquals(List.of("x", "y"), r.graph().params().stream().map(Node::name).toList());
    }

    @Test
    void theFirstKeepsItsSiteAndTakesAName() {
        Node first = x.relu();
        Node second = x.relu().named("activation");
        Rewritten r = merge(first, second);
        assertEquals(first.site(), r.get(second).site());
        assertEquals("activation", r.get(first).name());
    }
}
