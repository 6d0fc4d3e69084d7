package dev.flatgrad.testing;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.NDArray;
import java.util.Map;

/**
 * Leaf values are sampled once at the symbol's maximum size; a smaller size sees the sub-array of
 * the positions that still exist along every symbolic axis. So one set of values serves every
 * size, and properties that hold for all values (spacing, sign, range) hold for each size.
 */
public final class SymbolicValues {
    private SymbolicValues() {
    }

    /** The part of {@code full} (the value of a leaf of {@code shape} at {@code symbol}'s maximum) that exists at {@code size}. */
    public static NDArray restrict(NDArray full, Shape shape, Dim symbol, int size) {
        if (symbol == null || size == symbol.max() || !shape.symbols().contains(symbol)) {
            return full.copy();
        }
        int[] fullShape = shape.resolve(Map.of(symbol.symbol(), symbol.max()));
        int[] outShape = shape.resolve(Map.of(symbol.symbol(), size));
        int[] fullStrides = NDArray.strides(fullShape);
        int[] outStrides = NDArray.strides(outShape);
        double[] out = new double[NDArray.size(outShape)];
        for (int i = 0; i < out.length; i++) {
            int src = 0;
            for (int a = 0; a < outShape.length; a++) {
                src += (i / outStrides[a]) % outShape[a] * fullStrides[a];
            }
            out[i] = full.get(src);
        }
        return new NDArray(full.dtype(), outShape, out);
    }
}
