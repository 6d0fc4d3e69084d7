package dev.flatgrad.dsl;

import dev.flatgrad.interp.NDArray;
import java.util.Map;

/** What an op's reference evaluation may need beyond its operands: bound sizes and leaf values. */
public interface EvalContext {
    Map<String, Integer> dims();

    /** The value bound to a param or input leaf; throws a clear error when it is missing. */
    NDArray boundValue(Node leaf);

    /** Concrete sizes of the node's shape. */
    default int[] shapeOf(Node node) {
        return node.shape().resolve(dims());
    }
}
