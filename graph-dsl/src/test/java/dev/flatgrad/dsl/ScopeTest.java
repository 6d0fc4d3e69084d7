package dev.flatgrad.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.nn.Nn;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void nodesCarryThePathOfTheScopesOpenWhenTheyWereBuilt() {
        Graph g = new Graph();
        Node x = g.param("x", 3);
        Node inner;
        Node outer;
        try (Scope layer = g.scope("layer0")) {
            try (Scope attn = g.scope("attn")) {
                inner = x.exp();
                assertEquals("layer0/attn", attn.path());
            }
            outer = inner.neg();
        }
        Node top = outer.relu();
        assertEquals("", x.scope());
        assertEquals("layer0/attn", inner.scope());
        assertEquals("layer0/attn/exp", inner.path());
        assertEquals("layer0", outer.scope());
        assertEquals("", top.scope());
        assertEquals("relu", top.path());
        assertEquals("", g.currentScope());
    }

    @Test
    void reopeningANameGivesAFreshPathSoAPathNamesOneBlock() {
        Graph g = new Graph();
        Node x = g.param("x", 3);
        Node first = g.scoped("block", x::exp);
        Node second = g.scoped("block", x::exp);
        Node third = g.scoped("block", x::exp);
        assertEquals(List.of("block", "block_1", "block_2"), List.of(first.scope(), second.scope(), third.scope()));
        // the same name under another parent is another path, not a reuse
        Node nested = g.scoped("outer", () -> g.scoped("block", x::exp));
        assertEquals("outer/block", nested.scope());
    }

    @Test
    void compositesNameTheirParts() {
        Graph g = new Graph();
        Dim t = g.symbol("T", 4);
        Node x = g.input("x", DType.F64, Shape.of(t, 8));
        Node w = g.param("w", 8, 8);
        Node y = g.scoped("layer0", () -> Nn.causalSelfAttention(Nn.rmsnorm(x), w, w, w, w, 2, null));
        Set<String> scopes = g.nodes().stream().map(Node::scope).collect(Collectors.toSet());
        for (String expected : List.of("layer0/rmsnorm", "layer0/attn/q", "layer0/attn/k", "layer0/attn/v",
                "layer0/attn/scores", "layer0/attn/mask", "layer0/attn/softmax", "layer0/attn/mix", "layer0/attn/out")) {
            assertTrue(scopes.contains(expected), expected + " missing from " + scopes);
        }
        assertEquals("layer0/attn/out", y.scope());
        // the user's line stays the call site of every node the composite built
        assertTrue(g.nodes().stream().skip(2).allMatch(n -> n.site().file().equals("ScopeTest.java")));
    }

    @Test
    void backwardNodesCarryTheirForwardNodesSiteAndScopeUnderGrad() {
        Graph g = new Graph();
        Node w = g.param("w", 3);
        Node e = g.scoped("block", w::exp);
        Node loss = e.sum();
        int forward = g.size();
        Node grad = Autodiff.grad(loss, w);
        assertEquals("grad/block", grad.scope(), "exp's VJP multiplies in exp's scope, under grad/");
        assertEquals(e.site(), grad.site());
        for (Node n : g.nodes().subList(forward, g.size())) {
            assertTrue(n.scope().startsWith(Autodiff.GRAD_SCOPE), n + " in " + n.scope());
        }
        // under a user's scope, the gradient's root scope is inside it
        Node again = g.scoped("second", () -> Autodiff.grad(loss, w));
        assertEquals("second/grad/block", again.scope());
    }

    @Test
    void originSetsPathAndSiteForTransformations() {
        Graph g = new Graph();
        Node w = g.param("w", 3);
        CallSite site = w.site();
        Node made;
        try (Scope s = g.origin("somewhere/else", site)) {
            made = w.exp();
        }
        assertEquals("somewhere/else", made.scope());
        assertEquals(site, made.site());
        assertEquals("", g.currentScope());
    }

    @Test
    void badScopeNamesAndOutOfOrderClosesAreRefusedClearly() {
        Graph g = new Graph();
        GraphBuildException slash = assertThrows(GraphBuildException.class, () -> g.scope("a/b"));
        assertTrue(slash.getMessage().contains("'a/b'") && slash.getMessage().contains("ScopeTest.java"), slash.getMessage());
        assertThrows(GraphBuildException.class, () -> g.scope(" "));
        assertThrows(GraphBuildException.class, () -> g.scope(null));
        Scope outer = g.scope("outer");
        Scope inner = g.scope("inner");
        IllegalStateException wrongOrder = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(wrongOrder.getMessage().contains("'outer/inner'"), wrongOrder.getMessage());
        inner.close();
        outer.close();
        outer.close(); // closing twice is harmless
        assertEquals("", g.currentScope());
    }
}
