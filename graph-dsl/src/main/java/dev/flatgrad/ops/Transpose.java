package dev.flatgrad.ops;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.NDArray;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Axis permutation: output axis i is input axis {@code perm[i]}. Building a transpose of a transpose
 * composes the two into one, and an identity permutation returns its input, so the backward pass of
 * {@code x·wᵀ} reads {@code w} itself.
 */
public final class Transpose implements Op {
    private final int[] perm;

    private Transpose(int[] perm) {
        this.perm = perm;
    }

    public static Node apply(Node x, int... perm) {
        int r = x.rank();
        boolean[] seen = new boolean[r];
        boolean valid = perm.length == r;
        for (int i = 0; valid && i < r; i++) {
            valid = perm[i] >= 0 && perm[i] < r && !seen[perm[i]];
            if (valid) {
                seen[perm[i]] = true;
            }
        }
        if (!valid) {
            throw Checks.fail("transpose", Arrays.toString(perm) + " is not a permutation of the axes of " + x.type());
        }
        // transposes compose, and the identity is no op: transpose(transpose(w)) is w itself
        if (x.op() instanceof Transpose inner) {
            int[] composed = new int[r];
            for (int i = 0; i < r; i++) {
                composed[i] = inner.perm[perm[i]];
            }
            return apply(x.input(0), composed);
        }
        if (isIdentity(perm)) {
            return x;
        }
        Dim[] dims = new Dim[r];
        for (int i = 0; i < r; i++) {
            dims[i] = x.shape().dim(perm[i]);
        }
        return x.graph().add(new Transpose(perm.clone()), List.of(x), Shape.ofAny((Object[]) dims), x.dtype());
    }

    private static boolean isIdentity(int[] perm) {
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** Swaps the last two axes, as a matrix transpose. */
    public static Node swapLastTwo(Node x) {
        if (x.rank() < 2) {
            throw Checks.fail("transpose", "needs rank 2 or more, got " + x.type());
        }
        int[] perm = new int[x.rank()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        perm[perm.length - 1] = perm.length - 2;
        perm[perm.length - 2] = perm.length - 1;
        return apply(x, perm);
    }

    public int[] perm() {
        return perm.clone();
    }

    @Override
    public String name() {
        return "transpose";
    }

    @Override
    public String attributes() {
        return "perm=" + Arrays.toString(perm).replace(" ", "");
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        NDArray x = inputs.get(0);
        int[] inStrides = NDArray.strides(x.shape());
        int[] outShape = context.shapeOf(node);
        int[] outStrides = NDArray.strides(outShape);
        double[] in = x.data();
        double[] out = new double[in.length];
        for (int i = 0; i < out.length; i++) {
            int src = 0;
            for (int a = 0; a < outShape.length; a++) {
                src += (i / outStrides[a]) % outShape[a] * inStrides[perm[a]];
            }
            out[i] = in[src];
        }
        return new NDArray(node.dtype(), outShape, out);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[perm[i]] = i;
        }
        return Collections.singletonList(g.permute(inverse));
    }

    /** Equal attributes, the same function: common-subexpression elimination merges nodes of equal ops. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Transpose t && Arrays.equals(t.perm, perm);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(perm);
    }
}
