package dev.flatgrad.passes;

import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Leaf;
import java.util.List;

/**
 * Dead-code elimination: keeps the nodes the roots depend on, and every param and input, even unread: they
 * are the graph's interface (bindings and programs name them, a param nothing reads still has a zero
 * gradient). Everything else goes.
 */
public final class DeadCodeElimination implements GraphPass {
    @Override
    public String name() {
        return "dce";
    }

    @Override
    public String description() {
        return "dead-code elimination: nodes no output or gradient needs are dropped";
    }

    @Override
    public Rewritten apply(Graph graph, List<Node> roots) {
        boolean[] live = new boolean[graph.size()];
        for (Node root : roots) {
            if (root.graph() != graph) {
                throw new IllegalArgumentException("root " + root + " belongs to another graph");
            }
            live[root.id()] = true;
        }
        for (int id = graph.size() - 1; id >= 0; id--) {
            Node n = graph.node(id);
            live[id] |= n.op() instanceof Leaf;
            if (live[id]) {
                for (Node in : n.inputs()) {
                    live[in.id()] = true;
                }
            }
        }
        Rebuild r = new Rebuild(graph);
        for (Node n : graph.nodes()) {
            if (live[n.id()]) {
                r.copy(n);
            } else {
                r.remove(n);
            }
        }
        return r.finish();
    }
}
