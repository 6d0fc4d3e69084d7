package dev.flatgrad.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.print.GraphPrinter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipeline on the backward graph of a small model: what autodiff builds and what is left of it. */
class PassesTest {
    @Test
    void theBackwardGraphOfALinearLossLosesItsMultiplicationsByOneAndItsDuplicates() {
        Graph g = new Graph();
        Dim t = g.symbol("T", 8);
        Node x = g.input("x", DType.F64, Shape.of(t, 3));
        Node w = g.param("w", 3);
        Node loss = x.mul(w).sum().named("loss");
        List<Node> roots = new ArrayList<>(List.of(loss));
        roots.addAll(Autodiff.grad(loss, List.of(w)));
        String before = GraphPrinter.print(g);
        Rewritten r = Passes.optimize(g, roots);
        assertEquals(before, GraphPrinter.print(g), "the source graph is left as it was");
        // d loss/d w = the sum of x's rows: the seed 1, its broadcasts, reshape and product are gone
        assertEquals("""
                %0:f64[T,3] = input    # x
                %1:f64[3] = param    # w
                %2:f64[T,3] = broadcast_to %1    #
                %3:f64[T,3] = mul %0 %2    #
                %4:f64[T] = sum[axis=1] %3    #
                %5:f64[] = sum[axis=0] %4    # loss
                %6:f64[3] = sum[axis=0] %0    # grad/sum
                """, PrintedGraph.of(r.graph()));
        assertEquals(r.graph().node(6), r.get(roots.get(1)));
    }

    @Test
    void aGradientMayBecomeALeaf() {
        Graph g = new Graph();
        Node x = g.input("x", DType.F64, Shape.of(3));
        Node w = g.param("w", 3);
        Node loss = x.mul(w).sum();
        Node grad = Autodiff.grad(loss, w);
        Rewritten r = Passes.optimize(g, List.of(loss, grad));
        assertEquals(r.get(x), r.get(grad));
    }

    @Test
    void rebuiltNodesKeepTheirScopesAndCallSites() {
        Graph g = new Graph();
        Node x = g.input("x", DType.F64, Shape.of(3));
        Node w = g.param("w", 3);
        Node loss = g.scoped("block", () -> dev.flatgrad.nn.Nn.softmax(x.mul(w).mul(1.0), 0).sum()).named("loss");
        List<Node> roots = new ArrayList<>(List.of(loss));
        roots.addAll(Autodiff.grad(loss, List.of(w)));
        Rewritten r = Passes.optimize(g, roots);
        int kept = 0;
        for (Node old : g.nodes()) {
            if (r.keeps(old) && r.get(old).op() == old.op()) {
                assertEquals(old.scope(), r.get(old).scope(), old.toString());
                assertEquals(old.site(), r.get(old).site(), old.toString());
                kept++;
            }
        }
        assertEquals(true, kept > 10, "kept " + kept);
        assertEquals("block/softmax", r.get(roots.get(0)).graph().nodes().stream()
                .filter(n -> n.op().name().equals("exp")).findFirst().orElseThrow().scope());
    }
}
