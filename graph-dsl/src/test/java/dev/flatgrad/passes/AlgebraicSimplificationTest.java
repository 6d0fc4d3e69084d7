package dev.flatgrad.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.ops.StopGradient;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlgebraicSimplificationTest {
    private final Graph g = new Graph();
    private final Dim t = g.symbol("T", 4);
    private final Node x = g.param("x", DType.F64, Shape.of(t, 3));

    /** What {@code n} becomes, checked to be {@code expected}'s image. */
    private void assertSimplifiesTo(Node expected, Node n) {
        Rewritten r = new AlgebraicSimplification().apply(g, List.of(n));
        assertSame(r.get(expected), r.get(n), n + " became " + r.get(n));
    }

    private void assertStays(Node n) {
        Rewritten r = new AlgebraicSimplification().apply(g, List.of(n));
        assertSame(n.op(), r.get(n).op(), n + " became " + r.get(n));
    }

    @Test
    void multiplyingOrDividingByOne() {
        assertSimplifiesTo(x, x.mul(1));
        assertSimplifiesTo(x, g.constant(1.0).mul(x));
        assertSimplifiesTo(x, x.mul(g.full(1, DType.F64, x.shape())));
        assertSimplifiesTo(x, x.div(1));
        assertStays(g.constant(1.0).div(x));
        assertStays(x.mul(-1));
    }

    @Test
    void addingNegativeZeroOrSubtractingZero() {
        assertSimplifiesTo(x, x.add(-0.0));
        assertSimplifiesTo(x, g.constant(-0.0).add(x));
        assertSimplifiesTo(x, x.sub(0.0));
        // -0.0 + 0.0 is +0.0: adding a positive zero is no identity, nor is subtracting a negative one
        assertStays(x.add(0.0));
        assertStays(x.sub(-0.0));
        assertStays(g.constant(0.0).sub(x));
    }

    @Test
    void doubleNegation() {
        assertSimplifiesTo(x, x.neg().neg());
        Node thrice = x.neg().neg().neg();
        Rewritten r = new AlgebraicSimplification().apply(g, List.of(thrice));
        assertEquals("neg", r.get(thrice).op().name());
        assertSame(r.get(x), r.get(thrice).input(0));
    }

    @Test
    void broadcastsAndReshapesToTheSameShape() {
        assertSimplifiesTo(x, x.broadcastTo(x.shape()));
        assertSimplifiesTo(x, x.reshape(x.shape()));
        assertSimplifiesTo(x, x.reshape(t, 3, 1).reshape(x.shape()));
    }

    @Test
    void aBroadcastOfABroadcastOrAReshapeOfAReshapeIsOne() {
        Node row = g.param("row", 3);
        Rewritten r = new AlgebraicSimplification().apply(g, List.of(row.broadcastTo(Shape.of(2, 3)).broadcastTo(Shape.of(4, 2, 3)),
                x.reshape(t, 3, 1).reshape(t, 1, 3)));
        assertEquals("""
                %0:f64[T,3] = param    # x
                %1:f64[3] = param    # row
                %2:f64[2,3] = broadcast_to %1    #
                %3:f64[4,2,3] = broadcast_to %1    #
                %4:f64[T,3,1] = reshape %0    #
                %5:f64[T,1,3] = reshape %0    #
                """, PrintedGraph.of(r.graph()));
    }

    @Test
    void transposesThatCancel() {
        Node square = g.param("square", 3, 3);
        // the DSL composes adjacent transposes itself; they meet once neg(neg(...)) between them is gone
        assertSimplifiesTo(square, square.transpose().neg().neg().transpose());
        Node cube = g.param("cube", 2, 3, 4);
        assertSimplifiesTo(cube, cube.permute(1, 2, 0).neg().neg().permute(2, 0, 1));
        Node notBack = cube.permute(1, 2, 0).neg().neg().permute(1, 2, 0);
        Rewritten r = new AlgebraicSimplification().apply(g, List.of(notBack));
        assertEquals("transpose", r.get(notBack).op().name());
    }

    @Test
    void stopGradientStays() {
        Node stopped = x.stopGradient();
        Rewritten r = new AlgebraicSimplification().apply(g, List.of(stopped));
        assertSame(StopGradient.class, r.get(stopped).op().getClass());
    }

    @Test
    void aNameGoesToTheNodeThatTakesOver() {
        Node hidden = x.relu();
        Node scaled = hidden.mul(1).named("scaled");
        Node alias = x.mul(1).named("alias");
        Rewritten r = new AlgebraicSimplification().apply(g, List.of(scaled, alias));
        assertEquals("scaled", r.get(hidden).name());
        assertEquals("x", r.get(alias).name(), "a leaf keeps its own name");
    }
}
