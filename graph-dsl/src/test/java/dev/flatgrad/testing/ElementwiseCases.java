package dev.flatgrad.testing;

import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.ops.Binary;
import dev.flatgrad.ops.Compare;
import dev.flatgrad.ops.Unary;
import java.util.List;

/** Recipes for the elementwise primitives: unary, pow, binary with broadcasting, select. */
final class ElementwiseCases {
    /** Exponents for pow: whole, fractional, negative, and the degenerate 1 and 0. */
    private static final List<Double> EXPONENTS = List.of(2.0, 3.0, -1.0, 0.5, -2.0, 1.5, -0.5, 2.5, 1.0, 0.0, 4.0);

    private ElementwiseCases() {
    }

    static Node unary(CaseBuilder b, Unary.Kind kind) {
        Shape shape = Shapes.random(b.choices(), 0, 3, b.symbol());
        return Unary.apply(kind, b.param(shape, unaryDomain(kind)));
    }

    private static Domain unaryDomain(Unary.Kind kind) {
        switch (kind) {
            case NEG:
            case EXP:
                return Domain.uniform(-2, 2);
            case LOG:
            case SQRT:
            case RSQRT:
                return Domain.uniform(0.5, 3);
            case RELU:
                return Domain.signed(0.1, 2);
            default:
                throw new IllegalArgumentException("no domain for " + kind);
        }
    }

    static Node pow(CaseBuilder b) {
        double exponent = b.choices().pick(EXPONENTS);
        Shape shape = Shapes.random(b.choices(), 0, 3, b.symbol());
        // whole positive exponents are smooth on the whole line; the others only for x > 0
        boolean wholePositive = exponent >= 1 && exponent == Math.rint(exponent);
        Domain domain = wholePositive ? Domain.uniform(-2, 2) : Domain.uniform(0.5, 3);
        return b.param(shape, domain).pow(exponent);
    }

    static Node binary(CaseBuilder b, Binary.Kind kind) {
        Shape out = Shapes.random(b.choices(), 0, 3, b.symbol());
        Shape left = Shapes.broadcastableTo(b.choices(), out);
        Shape right = Shapes.broadcastableTo(b.choices(), out);
        Node x;
        Node y;
        if (kind == Binary.Kind.MAXIMUM) {
            // sampled jointly: every pair that meets after broadcasting is far from a tie
            List<Node> both = b.params(Domain.distinct(-2, 2), left, right);
            x = both.get(0);
            y = both.get(1);
        } else {
            x = b.param(left, Domain.uniform(-2, 2));
            y = b.param(right, kind == Binary.Kind.DIV ? Domain.signed(0.5, 2) : Domain.uniform(-2, 2));
        }
        return Binary.apply(kind, x, y);
    }

    /** {@code select(u <cmp> 1, x, y)} where {@code u} is a fed input, so no perturbation flips the mask. */
    static Node select(CaseBuilder b) {
        Shape out = Shapes.random(b.choices(), 0, 3, b.symbol());
        Compare.Kind kind = b.choices().pick(List.of(Compare.Kind.values()));
        Node u = b.input(Shapes.broadcastableTo(b.choices(), out), Domain.wholeNumbers(0, 2));
        Node mask = Compare.apply(kind, u, b.graph().constant(1.0));
        Node x = b.param(Shapes.broadcastableTo(b.choices(), out), Domain.uniform(-2, 2));
        Node y = b.param(Shapes.broadcastableTo(b.choices(), out), Domain.uniform(-2, 2));
        return mask.select(x, y);
    }
}
