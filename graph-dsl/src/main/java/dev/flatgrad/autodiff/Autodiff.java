package dev.flatgrad.autodiff;

import dev.flatgrad.dsl.CallSite;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.GraphBuildException;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Symbolic reverse-mode differentiation. {@link #grad} walks the nodes between the loss and the
 * targets from the loss backwards, applies each op's VJP rule (written in DSL ops) and sums the
 * gradients flowing into a node in a fixed order. The result is new nodes in the same graph, so it
 * prints, evaluates, compiles and can be differentiated again.
 *
 * <p>A target the loss does not depend on (or depends on only through stop-gradient or
 * comparisons) gets a zero gradient: a constant of zeros of its shape.
 */
public final class Autodiff {
    /** The scope under which backward nodes are built. */
    public static final String GRAD_SCOPE = "grad";

    private Autodiff() {
    }

    /** d loss / d target for each target, in order. The loss must be a float scalar. */
    public static List<Node> grad(Node loss, List<Node> targets) {
        CallSite site = CallSite.capture();
        Graph graph = loss.graph();
        if (!loss.shape().isScalar()) {
            throw new GraphBuildException("grad", "the loss must be a scalar (shape []), got " + loss.type()
                    + "; reduce it first, e.g. with sum() or mean()", site);
        }
        if (!loss.dtype().isFloating()) {
            throw new GraphBuildException("grad", "the loss must be a float scalar, got " + loss.type(), site);
        }
        boolean[] isTarget = new boolean[graph.size()];
        for (Node t : targets) {
            if (t.graph() != graph) {
                throw new GraphBuildException("grad", "target " + t.ref() + " belongs to another graph", site);
            }
            if (!t.dtype().isFloating()) {
                throw new GraphBuildException("grad", "cannot differentiate with respect to the int node " + t, site);
            }
            isTarget[t.id()] = true;
        }
        boolean[] reaches = reachesTarget(graph, loss, isTarget);
        String root = graph.currentScope().isEmpty() ? GRAD_SCOPE : graph.currentScope() + "/" + GRAD_SCOPE;
        Map<Integer, List<Node>> incoming = new HashMap<>();
        try (Scope s = origin(root, loss)) {
            incoming.computeIfAbsent(loss.id(), k -> new ArrayList<>()).add(graph.constant(1, loss.dtype()));
        }
        Map<Integer, Node> total = new HashMap<>();
        for (int id = loss.id(); id >= 0; id--) {
            List<Node> parts = incoming.remove(id);
            if (parts == null || !reaches[id]) {
                continue;
            }
            try (Scope s = origin(root, graph.node(id))) {
                backpropagate(graph.node(id), parts, reaches, incoming, total);
            }
        }
        List<Node> result = new ArrayList<>();
        for (Node t : targets) {
            Node g = total.get(t.id());
            if (g == null) {
                try (Scope s = origin(root, t)) {
                    g = graph.full(0, t.dtype(), t.shape());
                }
            }
            result.add(g);
        }
        return result;
    }

    /**
     * Backward nodes carry the call site of the forward node whose gradient they compute, and its
     * scope under {@code grad/}: the gradient of {@code layer0/attn/softmax/exp} is built in
     * {@code grad/layer0/attn/softmax}.
     */
    private static Scope origin(String root, Node forward) {
        String path = forward.scope().isEmpty() ? root : root + "/" + forward.scope();
        return forward.graph().origin(path, forward.site());
    }

    /** Sums the gradients flowing into {@code node} and sends their VJP on to its inputs. */
    private static void backpropagate(Node node, List<Node> parts, boolean[] reaches, Map<Integer, List<Node>> incoming,
            Map<Integer, Node> total) {
        Node g = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            g = g.add(parts.get(i));
        }
        total.put(node.id(), g);
        if (!node.op().differentiable() || node.inputs().isEmpty()) {
            return;
        }
        boolean[] needed = new boolean[node.inputs().size()];
        boolean any = false;
        for (int i = 0; i < needed.length; i++) {
            needed[i] = reaches[node.input(i).id()];
            any |= needed[i];
        }
        if (!any) {
            return;
        }
        List<Node> grads = node.op().vjp(node, g, needed);
        for (int i = 0; i < needed.length; i++) {
            if (needed[i]) {
                Node gi = grads.get(i);
                if (gi == null) {
                    throw new IllegalStateException("the VJP of " + node.op().name() + " gave no gradient for input " + i);
                }
                requireInputType(node, i, gi);
                incoming.computeIfAbsent(node.input(i).id(), k -> new ArrayList<>()).add(gi);
            }
        }
    }

    public static Node grad(Node loss, Node target) {
        return grad(loss, List.of(target)).get(0);
    }

    /** Gradients of the loss with respect to every param of its graph, by param name, in creation order. */
    public static Map<String, Node> gradParams(Node loss) {
        List<Node> params = loss.graph().params();
        List<Node> grads = grad(loss, params);
        Map<String, Node> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            out.put(params.get(i).name(), grads.get(i));
        }
        return out;
    }

    /**
     * A gradient has its input's shape and dtype. Checked here because a VJP bug can otherwise pass
     * unnoticed: broadcasting accepts many wrong shapes, and an evaluation can still produce numbers.
     */
    private static void requireInputType(Node node, int i, Node gradient) {
        Node input = node.input(i);
        if (!gradient.shape().equals(input.shape()) || gradient.dtype() != input.dtype()) {
            throw new IllegalStateException("the VJP of " + node.op().name() + " at " + node.ref() + " (built at "
                    + node.site() + ") gave a gradient of type " + gradient.type() + " for input " + i + ", expected "
                    + input.type() + " like the input " + input.ref());
        }
    }

    /** Which nodes up to the loss have a differentiable path from a target. */
    private static boolean[] reachesTarget(Graph graph, Node loss, boolean[] isTarget) {
        boolean[] reaches = new boolean[graph.size()];
        for (int id = 0; id <= loss.id(); id++) {
            Node node = graph.node(id);
            reaches[id] = isTarget[id];
            if (!reaches[id] && node.op().differentiable()) {
                for (Node in : node.inputs()) {
                    reaches[id] |= reaches[in.id()];
                }
            }
        }
        return reaches;
    }
}
