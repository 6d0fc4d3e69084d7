package dev.flatgrad.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadCodeEliminationTest {
    private final Graph g = new Graph();
    private final Node x = g.input("x", DType.F64, Shape.of(3));
    private final Node unused = g.param("unused", 3);
    private final Node w = g.param("w", 3);

    @Test
    void keepsWhatTheRootsReadAndEveryLeaf() {
        Node dead = x.exp().sum();
        Node y = x.mul(w).named("y");
        Rewritten r = new DeadCodeElimination().apply(g, List.of(y));
        assertEquals("""
                %0:f64[3] = input    # x
                %1:f64[3] = param    # unused
                %2:f64[3] = param    # w
                %3:f64[3] = mul %0 %2    # y
                """, PrintedGraph.of(r.graph()));
        assertTrue(r.changed());
        assertFalse(r.keeps(dead));
        assertTrue(r.keeps(unused));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.get(dead));
        assertTrue(e.getMessage().contains("was removed"), e.getMessage());
    }

    @Test
    void aGraphWithoutDeadCodeIsCopied() {
        Node y = x.mul(w);
        Rewritten r = new DeadCodeElimination().apply(g, List.of(y));
        assertFalse(r.changed());
        assertEquals(PrintedGraph.of(g), PrintedGraph.of(r.graph()));
    }

    @Test
    void rootsMustBelongToTheGraph() {
        Node foreign = new Graph().param("p", 1);
        assertThrows(IllegalArgumentException.class, () -> new DeadCodeElimination().apply(g, List.of(foreign)));
        Rewritten r = new DeadCodeElimination().apply(g, List.of(x));
        assertThrows(IllegalArgumentException.class, () -> r.get(foreign));
    }
}
