package dev.flatgrad.ops;

import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.NDArray;
import java.util.List;

/** The run-time element count of a shape, as a float scalar (for means over symbolic lengths). */
public final class Numel implements Op {
    private final Shape of;

    public Numel(Shape of) {
        this.of = of;
    }

    public Shape of() {
        return of;
    }

    @Override
    public String name() {
        return "numel";
    }

    @Override
    public String attributes() {
        return of.toString();
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        return new NDArray(node.dtype(), new int[0], new double[] {NDArray.size(of.resolve(context.dims()))});
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
        return o instanceof Numel n && n.of.equals(of);
    }

    @Override
    public int hashCode() {
        return of.hashCode();
    }
}
