package dev.flatgrad.codegen.emission;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Sizes and row-major flat indices as Java int expressions. Fixed sizes become literals (so C2 sees
 * constant loop bounds); the symbolic dimension becomes a local holding its run-time value.
 */
final class IndexMath {
    private final String symbolLocal;

    IndexMath(String symbolLocal) {
        this.symbolLocal = symbolLocal;
    }

    String size(Dim d) {
        return d.isSymbolic() ? symbolLocal : Integer.toString(d.max());
    }

    /** The element count of a shape at run time. */
    String count(Shape shape) {
        return product(shape, 0);
    }

    /** {@code idx[0]*stride0 + ... + idx[r-1]} for a row-major buffer of this shape. */
    String flat(Shape shape, String[] idx) {
        List<String> terms = new ArrayList<>();
        for (int a = 0; a < shape.rank(); a++) {
            if (idx[a].equals("0")) {
                continue;
            }
            String stride = product(shape, a + 1);
            String i = idx[a].contains(" ") ? "(" + idx[a] + ")" : idx[a];
            terms.add(stride.equals("1") ? idx[a] : i + " * " + stride);
        }
        return terms.isEmpty() ? "0" : String.join(" + ", terms);
    }

    /** Product of the dimensions from {@code from} on: fixed parts multiplied out, then the symbol. */
    private String product(Shape shape, int from) {
        long fixed = 1;
        int symbols = 0;
        for (int a = from; a < shape.rank(); a++) {
            Dim d = shape.dim(a);
            if (d.isSymbolic()) {
                symbols++;
            } else {
                fixed *= d.max();
            }
        }
        List<String> factors = new ArrayList<>();
        for (int i = 0; i < symbols; i++) {
            factors.add(symbolLocal);
        }
        if (fixed != 1 || factors.isEmpty()) {
            factors.add(Long.toString(fixed));
        }
        String p = String.join(" * ", factors);
        return factors.size() > 1 ? "(" + p + ")" : p;
    }
}
