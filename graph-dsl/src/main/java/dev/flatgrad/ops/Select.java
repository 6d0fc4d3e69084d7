package dev.flatgrad.ops;

import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.NDArray;
import java.util.Arrays;
import java.util.List;

/** {@code mask != 0 ? a : b}, elementwise with broadcasting; the gradient goes to the branch taken. */
public final class Select implements Op {
    private static final Select INSTANCE = new Select();

    public static Node apply(Node mask, Node a, Node b) {
        Checks.requireFloating("select", mask);
        Checks.requireFloating("select", a);
        Checks.requireSameDtype("select", a, b);
        List<Node> operands = Broadcasting.broadcastAll("select", mask, a, b);
        return a.graph().add(INSTANCE, operands, operands.get(0).shape(), a.dtype());
    }

    @Override
    public String name() {
        return "select";
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        double[] mask = inputs.get(0).data();
        double[] a = inputs.get(1).data();
        double[] b = inputs.get(2).data();
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = mask[i] != 0 ? a[i] : b[i];
        }
        return new NDArray(node.dtype(), inputs.get(1).shape(), out);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        Node mask = node.input(0);
        Node zero = node.graph().constant(0, node.dtype());
        return Arrays.asList(null,
                needed[1] ? mask.select(g, zero) : null,
                needed[2] ? mask.select(zero, g) : null);
    }
}
