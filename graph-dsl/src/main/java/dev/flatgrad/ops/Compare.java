package dev.flatgrad.ops;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.NDArray;
import java.util.List;

/**
 * Elementwise comparison giving a 0/1 float mask (for {@link Select}); no gradient flows through it.
 * Float operands give a mask of their dtype, int operands an f64 mask.
 */
public final class Compare implements Op {
    public enum Kind { LT, LE, GT, GE, EQ }

    private final Kind kind;

    private Compare(Kind kind) {
        this.kind = kind;
    }

    public static Node apply(Kind kind, Node a, Node b) {
        Compare op = new Compare(kind);
        Checks.requireSameDtype(op.name(), a, b);
        List<Node> operands = Broadcasting.broadcastAll(op.name(), a, b);
        DType mask = a.dtype().isFloating() ? a.dtype() : DType.F64;
        return a.graph().add(op, operands, operands.get(0).shape(), mask);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String name() {
        return kind.name().toLowerCase();
    }

    public boolean test(double a, double b) {
        switch (kind) {
            case LT: return a < b;
            case LE: return a <= b;
            case GT: return a > b;
            case GE: return a >= b;
            case EQ: return a == b;
            default: throw new AssertionError(kind);
        }
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        double[] a = inputs.get(0).data();
        double[] b = inputs.get(1).data();
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = test(a[i], b[i]) ? 1.0 : 0.0;
        }
        return new NDArray(node.dtype(), inputs.get(0).shape(), out);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        return List.of();
    }

    @Override
    public boolean differentiable() {
        return false;
    }

    /** Equal attributes, the same function: common-subexpression elimination merges nodes of equal ops. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Compare c && c.kind == kind;
    }

    @Override
    public int hashCode() {
        return kind.hashCode();
    }
}
