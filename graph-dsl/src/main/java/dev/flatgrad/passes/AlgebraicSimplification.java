package dev.flatgrad.passes;

import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Binary;
import dev.flatgrad.ops.BroadcastTo;
import dev.flatgrad.ops.Reshape;
import dev.flatgrad.ops.Transpose;
import dev.flatgrad.ops.Unary;
import java.util.List;

/**
 * Algebraic simplification: identities that hold for every IEEE double, so values do not change by a bit.
 *
 * <ul>
 *   <li>{@code x·1}, {@code 1·x}, {@code x/1} → {@code x}</li>
 *   <li>{@code x + (−0.0)}, {@code (−0.0) + x}, {@code x − 0.0} → {@code x}. Not {@code x + 0.0}: for
 *       {@code x = −0.0} it is {@code +0.0}, and the sign of a zero shows in {@code 1/x}.</li>
 *   <li>{@code neg(neg(x))} → {@code x}</li>
 *   <li>a {@code broadcast_to} or {@code reshape} to the shape its input already has → the input; one of
 *       another of the same kind → one from the innermost input</li>
 *   <li>{@code transpose(transpose(x))} composing to the identity → {@code x} (the DSL composes transposes when
 *       it builds them; this catches those other rewrites bring together)</li>
 * </ul>
 *
 * The constants may be fills seen through views ({@code broadcast_to} of a scalar {@code 1}, as autodiff
 * builds them). Operands of binary ops already have the node's shape (the DSL broadcasts explicitly), so no
 * rewrite changes a shape. {@code stop_gradient} stays: it matters if autodiff runs after the passes.
 */
public final class AlgebraicSimplification implements GraphPass {
    @Override
    public String name() {
        return "simplification";
    }

    @Override
    public String description() {
        return "algebraic simplification: x*1, x+(-0), neg(neg x), broadcasts and reshapes to the same shape, cancelling transposes";
    }

    @Override
    public Rewritten apply(Graph graph, List<Node> roots) {
        Rebuild r = new Rebuild(graph);
        for (Node n : graph.nodes()) {
            Node simpler = simplify(n, r.inputs(n), r.target());
            if (simpler == null) {
                r.copy(n);
            } else {
                r.replace(n, simpler);
            }
        }
        return r.finish();
    }

    /** A node of {@code target} equal to {@code n} read over {@code inputs} (the images of its inputs), or null. */
    private static Node simplify(Node n, List<Node> inputs, Graph target) {
        if (n.op() instanceof Binary b) {
            return binary(b.kind(), inputs.get(0), inputs.get(1));
        }
        Node x = inputs.isEmpty() ? null : inputs.get(0);
        if (n.op() instanceof Unary u && u.kind() == Unary.Kind.NEG && x.op() instanceof Unary inner
                && inner.kind() == Unary.Kind.NEG) {
            return x.input(0);
        }
        if (n.op() instanceof BroadcastTo || n.op() instanceof Reshape) {
            Node innermost = x.op().equals(n.op()) ? x.input(0) : x;
            if (innermost.shape().equals(n.shape())) {
                return innermost;
            }
            return innermost == x ? null : target.copy(n, List.of(innermost));
        }
        if (n.op() instanceof Transpose outer && x.op() instanceof Transpose inner
                && isIdentity(outer.perm(), inner.perm())) {
            return x.input(0);
        }
        return null;
    }

    private static Node binary(Binary.Kind kind, Node a, Node b) {
        switch (kind) {
            case MUL:
                return Fills.isFillOf(b, 1) ? a : Fills.isFillOf(a, 1) ? b : null;
            case DIV:
                return Fills.isFillOf(b, 1) ? a : null;
            case ADD:
                return Fills.isFillOf(b, -0.0) ? a : Fills.isFillOf(a, -0.0) ? b : null;
            case SUB:
                return Fills.isFillOf(b, 0.0) ? a : null;
            default:
                return null;
        }
    }

    /** Whether transposing by {@code inner} then by {@code outer} leaves every axis in place. */
    private static boolean isIdentity(int[] outer, int[] inner) {
        for (int i = 0; i < outer.length; i++) {
            if (inner[outer[i]] != i) {
                return false;
            }
        }
        return true;
    }
}
