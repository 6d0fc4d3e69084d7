package dev.flatgrad.ops;

import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.NDArray;
import java.util.Arrays;
import java.util.List;

/** Elementwise binary primitives on equal shapes (the DSL broadcasts first): add, sub, mul, div, maximum. */
public final class Binary implements Op {
    public enum Kind { ADD, SUB, MUL, DIV, MAXIMUM }

    private final Kind kind;

    private Binary(Kind kind) {
        this.kind = kind;
    }

    public static Node apply(Kind kind, Node a, Node b) {
        Binary op = new Binary(kind);
        Checks.requireFloating(op.name(), a);
        Checks.requireFloating(op.name(), b);
        Checks.requireSameDtype(op.name(), a, b);
        List<Node> operands = Broadcasting.broadcastAll(op.name(), a, b);
        return a.graph().add(op, operands, operands.get(0).shape(), a.dtype());
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String name() {
        return kind.name().toLowerCase();
    }

    /** The scalar function, shared by the interpreter and by tests. */
    public double apply(double a, double b) {
        switch (kind) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case MAXIMUM: return Math.max(a, b);
            default: throw new AssertionError(kind);
        }
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        double[] a = inputs.get(0).data();
        double[] b = inputs.get(1).data();
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = apply(a[i], b[i]);
        }
        return new NDArray(node.dtype(), inputs.get(0).shape(), out);
    }

    @Override
    public List<Node> vjp(Node y, Node g, boolean[] needed) {
        Node a = y.input(0);
        Node b = y.input(1);
        switch (kind) {
            case ADD:
                return Arrays.asList(g, g);
            case SUB:
                return Arrays.asList(g, needed[1] ? g.neg() : null);
            case MUL:
                return Arrays.asList(needed[0] ? g.mul(b) : null, needed[1] ? g.mul(a) : null);
            case DIV:
                return Arrays.asList(needed[0] ? g.div(b) : null, needed[1] ? g.mul(y).div(b).neg() : null);
            case MAXIMUM: {
                // ties split the gradient evenly, as JAX does
                Node zero = y.graph().constant(0, y.dtype());
                Node half = y.graph().constant(0.5, y.dtype());
                Node one = y.graph().constant(1, y.dtype());
                Node weightA = a.gt(b).select(one, a.eq(b).select(half, zero));
                Node ga = g.mul(weightA);
                return Arrays.asList(ga, needed[1] ? g.sub(ga) : null);
            }
            default:
                throw new AssertionError(kind);
        }
    }

    /** Equal attributes, the same function: common-subexpression elimination merges nodes of equal ops. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Binary b && b.kind == kind;
    }

    @Override
    public int hashCode() {
        return kind.hashCode();
    }
}
