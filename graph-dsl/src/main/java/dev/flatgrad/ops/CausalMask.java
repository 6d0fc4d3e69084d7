package dev.flatgrad.ops;

import dev.flatgrad.dsl.CallSite;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.GraphBuildException;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.interp.NDArray;
import java.util.List;

/**
 * The causal attention mask over a sequence of length T, as a 0/1 float matrix {@code [T, T]}: 1 where key
 * position j may be seen from query position i, that is {@code j <= i} and, with segment ids (documents packed
 * into one sequence), {@code segments[j] == segments[i]}. No gradient flows through it.
 *
 * <p>Being one op rather than comparisons of iotas lets the code generator see the block-diagonal causal
 * structure and compute attention only where the mask is 1 (work proportional to the sum of the squared
 * document lengths). Segment ids must then run in non-decreasing order (each document one contiguous run);
 * the runtime checks that when they are bound.
 */
public final class CausalMask implements Op {
    private static final CausalMask INSTANCE = new CausalMask();

    private CausalMask() {
    }

    /** The mask for a length {@code t}; {@code segments} (i32 {@code [t]}) may be null. */
    public static Node apply(Graph g, Dim t, Node segments) {
        CallSite site = CallSite.capture();
        Shape square = Shape.of(t, t);
        if (segments == null) {
            return g.add(INSTANCE, List.of(), square, DType.F64);
        }
        if (segments.dtype().isFloating() || !segments.shape().equals(Shape.of(t))) {
            throw new GraphBuildException("causal_mask", "segment ids must be i32[" + t + "], got " + segments.type(), site);
        }
        return g.add(INSTANCE, List.of(segments), square, DType.F64);
    }

    /** Whether this mask separates documents by segment ids (its one input). */
    public static boolean hasSegments(Node mask) {
        return !mask.inputs().isEmpty();
    }

    @Override
    public String name() {
        return "causal_mask";
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        int n = context.shapeOf(node)[0];
        double[] segments = inputs.isEmpty() ? null : inputs.get(0).data();
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                out[i * n + j] = segments == null || segments[i] == segments[j] ? 1.0 : 0.0;
            }
        }
        return new NDArray(node.dtype(), new int[] {n, n}, out);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        return List.of();
    }

    @Override
    public boolean differentiable() {
        return false;
    }
}
