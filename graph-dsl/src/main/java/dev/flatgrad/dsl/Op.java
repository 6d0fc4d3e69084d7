package dev.flatgrad.dsl;

import dev.flatgrad.interp.NDArray;
import java.util.List;

/**
 * A primitive operation. Each implementation keeps everything about one primitive together: the
 * factory that checks operands and infers the shape, its reference evaluation, its vector-Jacobian
 * product (written in DSL ops, so it can itself be differentiated) and how it prints.
 */
public interface Op {
    /** Short lower-case name as printed, e.g. {@code matmul}. */
    String name();

    /** Printed attributes such as {@code axis=1 keepdims}; empty when the op has none. */
    default String attributes() {
        return "";
    }

    /** Evaluates the op in f64 on concrete operands; {@code node} supplies shape and dtype. */
    NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context);

    /**
     * Gradients with respect to each input, given {@code g}, the gradient with respect to {@code node}.
     * Entries for inputs whose {@code needed} flag is false, or that have no gradient, are null.
     */
    List<Node> vjp(Node node, Node g, boolean[] needed);

    /** False for ops through which no gradient flows (stop-gradient, comparisons, leaves). */
    default boolean differentiable() {
        return true;
    }
}
