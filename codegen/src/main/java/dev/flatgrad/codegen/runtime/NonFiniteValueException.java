package dev.flatgrad.codegen.runtime;

import dev.flatgrad.dsl.Node;

/**
 * Raised in the numerics check mode ({@link ProgramSpec.Builder#checkNumerics}) by the first graph node whose
 * values contain a NaN, or an infinity that none of its inputs carries, naming the node, its op and the
 * user's line; or by a param that an optimizer update made non-finite.
 */
public final class NonFiniteValueException extends ArithmeticException {
    private final transient Node node;

    NonFiniteValueException(Node node, String message) {
        super(message);
        this.node = node;
    }

    /** The node whose values are not finite. */
    public Node node() {
        return node;
    }
}
