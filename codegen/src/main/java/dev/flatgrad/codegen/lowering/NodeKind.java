package dev.flatgrad.codegen.lowering;

import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Binary;
import dev.flatgrad.ops.CausalMask;
import dev.flatgrad.ops.BroadcastTo;
import dev.flatgrad.ops.Compare;
import dev.flatgrad.ops.Concat;
import dev.flatgrad.ops.Constant;
import dev.flatgrad.ops.GatherLast;
import dev.flatgrad.ops.GatherRows;
import dev.flatgrad.ops.Iota;
import dev.flatgrad.ops.Leaf;
import dev.flatgrad.ops.Matmul;
import dev.flatgrad.ops.Numel;
import dev.flatgrad.ops.Reduce;
import dev.flatgrad.ops.Reshape;
import dev.flatgrad.ops.ScatterAddLast;
import dev.flatgrad.ops.ScatterAddRows;
import dev.flatgrad.ops.Select;
import dev.flatgrad.ops.Slice;
import dev.flatgrad.ops.StopGradient;
import dev.flatgrad.ops.Transpose;
import dev.flatgrad.ops.Unary;

/** How a node lowers: the classification every lowering decision starts from. */
public enum NodeKind {
    /** A param or input: a program-owned buffer. */
    LEAF,
    /** A constant with explicit values: a static array. */
    TABLE,
    /** A value computable from the index alone: a fill constant, iota, numel, a causal mask without segments. */
    INDEX_FUNCTION,
    /** Re-indexes its input without arithmetic: broadcast_to, transpose, slice, stop_gradient. */
    VIEW,
    /** Same values in a new shape; needs its input laid out contiguously. */
    RESHAPE,
    /** One output element from the same-index elements of its inputs (or a gather, or a segmented mask): fusable. */
    POINTWISE,
    /** Needs a loop nest of its own: reductions, matmul, scatter-adds, concat. */
    KERNEL;

    public static NodeKind of(Node n) {
        Object op = n.op();
        if (op instanceof Leaf) {
            return LEAF;
        }
        if (op instanceof Constant c) {
            return c.isFill() ? INDEX_FUNCTION : TABLE;
        }
        if (op instanceof Iota || op instanceof Numel) {
            return INDEX_FUNCTION;
        }
        if (op instanceof CausalMask) {
            return CausalMask.hasSegments(n) ? POINTWISE : INDEX_FUNCTION;
        }
        if (op instanceof BroadcastTo || op instanceof Transpose || op instanceof Slice || op instanceof StopGradient) {
            return VIEW;
        }
        if (op instanceof Reshape) {
            return RESHAPE;
        }
        if (op instanceof Unary || op instanceof Binary || op instanceof Compare || op instanceof Select
                || op instanceof GatherRows || op instanceof GatherLast) {
            return POINTWISE;
        }
        if (op instanceof Reduce || op instanceof Matmul || op instanceof ScatterAddRows || op instanceof ScatterAddLast
                || op instanceof Concat) {
            return KERNEL;
        }
        throw new IllegalArgumentException("codegen does not know how to lower op '" + n.op().name() + "' of " + n);
    }
}
