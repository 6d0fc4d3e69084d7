package dev.flatgrad.codegen.lowering;

import dev.flatgrad.dsl.Node;

/**
 * A kernel computing a matrix product, in the orientation it is emitted: {@code out[.., r, c] =
 * sum_k a(r, k) * b(k, c)}. For a plain matmul {@code a = A}, {@code b = B}. For a transposed product
 * {@code transpose(A·B)} (a weight gradient) the kernel computes {@code Bᵀ·Aᵀ}, so {@code a(r, k) =
 * B[k, r]} and {@code b(k, c) = A[c, k]}: the output is written contiguously, and each element still
 * adds the same products in the same k order.
 */
public record MatmulKernel(Node root, Node product, boolean swapped) {
    /** The operand read as {@code a(r, k)}. */
    public Node a() {
        return swapped ? product.input(1) : product.input(0);
    }

    /** The operand read as {@code b(k, c)}. */
    public Node b() {
        return swapped ? product.input(0) : product.input(1);
    }

    /** The axis of {@link #b()} that the output column indexes. */
    public int bColumnAxis() {
        return swapped ? product.rank() - 2 : product.rank() - 1;
    }

    /** Index of {@code a(r, k)} in {@link #a()}'s axes, given the batch indices. */
    public String[] aIndex(String[] batch, String row, String k) {
        return swapped ? with(batch, k, row) : with(batch, row, k);
    }

    /** Index of {@code b(k, c)} in {@link #b()}'s axes, given the batch indices. */
    public String[] bIndex(String[] batch, String k, String column) {
        return swapped ? with(batch, column, k) : with(batch, k, column);
    }

    private static String[] with(String[] batch, String second, String last) {
        String[] idx = java.util.Arrays.copyOf(batch, batch.length + 2);
        idx[batch.length] = second;
        idx[batch.length + 1] = last;
        return idx;
    }
}
