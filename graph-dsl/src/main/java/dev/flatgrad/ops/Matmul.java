package dev.flatgrad.ops;

import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.NDArray;
import java.util.Arrays;
import java.util.List;

/**
 * Matrix product over the last two axes, {@code [..., M, K] x [..., K, N] -> [..., M, N]}, with equal
 * leading (batch) axes. Each output sums its K products in index order from 0.0.
 */
public final class Matmul implements Op {
    private static final Matmul INSTANCE = new Matmul();

    public static Node apply(Node a, Node b) {
        Checks.requireFloating("matmul", a);
        Checks.requireFloating("matmul", b);
        Checks.requireSameDtype("matmul", a, b);
        if (a.rank() < 2 || b.rank() < 2) {
            throw Checks.fail("matmul", "operands need rank 2 or more: " + a.type() + " x " + b.type());
        }
        if (a.rank() != b.rank()) {
            throw Checks.fail("matmul", "operand ranks differ: " + a.type() + " x " + b.type()
                    + " (reshape or broadcast the batch axes first)");
        }
        int r = a.rank();
        for (int i = 0; i < r - 2; i++) {
            if (!a.shape().dim(i).equals(b.shape().dim(i))) {
                throw Checks.fail("matmul", "batch axis " + i + " differs: " + a.type() + " x " + b.type());
            }
        }
        if (!a.shape().dim(r - 1).equals(b.shape().dim(r - 2))) {
            throw Checks.fail("matmul", "inner dimensions differ: " + a.type() + " x " + b.type()
                    + " (" + a.shape().dim(r - 1) + " vs " + b.shape().dim(r - 2) + ")");
        }
        Shape shape = a.shape().withDim(r - 1, b.shape().dim(r - 1));
        return a.graph().add(INSTANCE, List.of(a, b), shape, a.dtype());
    }

    @Override
    public String name() {
        return "matmul";
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        NDArray a = inputs.get(0);
        NDArray b = inputs.get(1);
        int r = a.rank();
        int m = a.dim(r - 2);
        int k = a.dim(r - 1);
        int n = b.dim(r - 1);
        int batch = a.size() / (m * k);
        double[] x = a.data();
        double[] y = b.data();
        double[] out = new double[batch * m * n];
        for (int p = 0; p < batch; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0.0;
                    for (int q = 0; q < k; q++) {
                        acc += x[(p * m + i) * k + q] * y[(p * k + q) * n + j];
                    }
                    out[(p * m + i) * n + j] = acc;
                }
            }
        }
        return new NDArray(node.dtype(), context.shapeOf(node), out);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        Node a = node.input(0);
        Node b = node.input(1);
        return Arrays.asList(
                needed[0] ? g.matmul(b.transpose()) : null,
                needed[1] ? a.transpose().matmul(g) : null);
    }
}
