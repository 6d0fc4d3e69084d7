package dev.flatgrad.ops;

import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.NDArray;
import java.util.List;

/** A named leaf whose value is bound at run time: a trainable {@code param} or a fed {@code input}. */
public final class Leaf implements Op {
    private static final Leaf PARAM = new Leaf("param");
    private static final Leaf INPUT = new Leaf("input");

    private final String name;

    private Leaf(String name) {
        this.name = name;
    }

    public static Leaf param() {
        return PARAM;
    }

    public static Leaf input() {
        return INPUT;
    }

    public static boolean isParam(Node n) {
        return n.op() == PARAM;
    }

    public static boolean isInput(Node n) {
        return n.op() == INPUT;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        return context.boundValue(node);
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
