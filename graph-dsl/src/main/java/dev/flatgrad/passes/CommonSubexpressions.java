package dev.flatgrad.passes;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.ops.Leaf;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Common-subexpression elimination: nodes with equal ops (equal attributes, constants equal bit for bit),
 * the same inputs, shape and dtype compute the same values, so all become the first of them. Every op is a
 * pure function, so this changes no value. Params and inputs are never merged: each is bound by its name.
 * One pass in id order merges whole chains (once two nodes merge, their consumers have the same inputs).
 */
public final class CommonSubexpressions implements GraphPass {
    @Override
    public String name() {
        return "cse";
    }

    @Override
    public String description() {
        return "common-subexpression elimination: equal ops on the same inputs become one";
    }

    private record Key(Op op, List<Node> inputs, Shape shape, DType dtype) {
    }

    @Override
    public Rewritten apply(Graph graph, List<Node> roots) {
        Rebuild r = new Rebuild(graph);
        Map<Key, Node> seen = new HashMap<>();
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Leaf) {
                r.copy(n);
                continue;
            }
            Key key = new Key(n.op(), r.inputs(n), n.shape(), n.dtype());
            Node same = seen.get(key);
            if (same == null) {
                seen.put(key, r.copy(n));
            } else {
                r.replace(n, same);
            }
        }
        return r.finish();
    }
}
