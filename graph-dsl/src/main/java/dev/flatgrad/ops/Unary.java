package dev.flatgrad.ops;

import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.NDArray;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Elementwise unary primitives: neg, exp, log, sqrt, rsqrt, relu and pow by a constant exponent. */
public final class Unary implements Op {
    public enum Kind { NEG, EXP, LOG, SQRT, RSQRT, RELU, POW }

    private final Kind kind;
    private final double exponent;

    private Unary(Kind kind, double exponent) {
        this.kind = kind;
        this.exponent = exponent;
    }

    public static Node apply(Kind kind, Node x) {
        if (kind == Kind.POW) {
            throw new IllegalArgumentException("use Unary.pow(x, exponent)");
        }
        return make(new Unary(kind, Double.NaN), x);
    }

    public static Node pow(Node x, double exponent) {
        if (!Double.isFinite(exponent)) {
            throw Checks.fail("pow", "the exponent must be finite, got " + exponent);
        }
        return make(new Unary(Kind.POW, exponent), x);
    }

    private static Node make(Unary op, Node x) {
        Checks.requireFloating(op.name(), x);
        return x.graph().add(op, List.of(x), x.shape(), x.dtype());
    }

    public Kind kind() {
        return kind;
    }

    /** The exponent of a pow; NaN for other kinds. */
    public double exponent() {
        return exponent;
    }

    @Override
    public String name() {
        return kind.name().toLowerCase();
    }

    @Override
    public String attributes() {
        return kind == Kind.POW ? Double.toString(exponent) : "";
    }

    /** The scalar function, shared by the interpreter and by tests. */
    public double apply(double x) {
        switch (kind) {
            case NEG: return -x;
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case SQRT: return Math.sqrt(x);
            case RSQRT: return 1.0 / Math.sqrt(x);
            case RELU: return x > 0 ? x : 0.0;
            case POW: return Math.pow(x, exponent);
            default: throw new AssertionError(kind);
        }
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        NDArray x = inputs.get(0);
        double[] in = x.data();
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = apply(in[i]);
        }
        return new NDArray(node.dtype(), x.shape(), out);
    }

    @Override
    public List<Node> vjp(Node y, Node g, boolean[] needed) {
        Node x = y.input(0);
        Node gx;
        switch (kind) {
            case NEG: gx = g.neg(); break;
            case EXP: gx = g.mul(y); break;
            case LOG: gx = g.div(x); break;
            case SQRT: gx = g.div(y).mul(0.5); break;
            case RSQRT: gx = g.mul(y.pow(3)).mul(-0.5); break;
            case RELU: gx = x.gt(0).select(g, y.graph().constant(0, y.dtype())); break;
            case POW: gx = powGrad(x, g); break;
            default: throw new AssertionError(kind);
        }
        return Collections.singletonList(gx);
    }

    private Node powGrad(Node x, Node g) {
        if (exponent == 0) {
            return x.graph().full(0, x.dtype(), x.shape()); // x^0 is constant; avoids 0 * x^-1 = NaN at 0
        }
        double e = exponent - 1;
        if (e == 0) {
            return g.mul(exponent);
        }
        Node dx = e == 1 ? x : x.pow(e);
        return g.mul(dx).mul(exponent);
    }

    /** Equal attributes, the same function: common-subexpression elimination merges nodes of equal ops. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Unary u && u.kind == kind && Double.compare(u.exponent, exponent) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, exponent);
    }
}
