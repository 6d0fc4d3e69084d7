package dev.flatgrad.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.ops.Constant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Graph passes rebuild graphs with {@link Graph#copy} and {@link Graph#add} in place of a node. */
class GraphCopyTest {
    private final Graph source = new Graph();
    private final Dim t = source.symbol("T", 4);
    private final Node x = source.input("x", DType.F64, Shape.of(t, 3));
    private final Node w = source.param("w", DType.F32, Shape.of(3, 3));
    private final Node y = source.scoped("block", () -> x.exp().named("y"));

    @Test
    void aCopyKeepsOpShapeDtypeSiteScopeAndName() {
        Graph target = new Graph();
        Node x2 = target.copy(x, List.of());
        Node y2 = target.copy(y, List.of(x2));
        assertSame(y.op(), y2.op());
        assertEquals(y.shape(), y2.shape());
        assertEquals(y.dtype(), y2.dtype());
        assertEquals(y.site(), y2.site());
        assertEquals("block", y2.scope());
        assertEquals("y", y2.name());
        assertEquals(List.of(x2), y2.inputs());
    }

    @Test
    void copiedLeavesAreLeavesOfTheNewGraphUnderTheirNames() {
        Graph target = new Graph();
        Node w2 = target.copy(w, List.of());
        Node x2 = target.copy(x, List.of());
        assertEquals(List.of(w2), target.params());
        assertEquals(List.of(x2), target.inputs());
        assertSame(x2, target.leaf("x").orElseThrow());
        assertEquals(DType.F32, w2.dtype());
    }

    @Test
    void aLeafNameStaysUnique() {
        Graph target = new Graph();
        target.copy(x, List.of());
        GraphBuildException e = assertThrows(GraphBuildException.class, () -> target.copy(x, List.of()));
        assertTrue(e.getMessage().contains("'x' is already used"), e.getMessage());
    }

    @Test
    void aNodeAddedInPlaceOfAnotherTakesItsSiteAndScope() {
        Graph target = new Graph();
        Node c = target.add(Constant.fill(2, DType.F64), List.of(), y.shape(), DType.F64, y);
        assertEquals(y.site(), c.site());
        assertEquals("block", c.scope());
    }
}
