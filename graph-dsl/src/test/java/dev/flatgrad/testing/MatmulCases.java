package dev.flatgrad.testing;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import java.util.ArrayList;
import java.util.List;

/** Recipe for matmul: 2-D, or batched over one or two leading axes; the symbol may be any axis. */
final class MatmulCases {
    private MatmulCases() {
    }

    static Node matmul(CaseBuilder b) {
        Choices c = b.choices();
        List<Dim> batch = Shapes.fixedDims(c, c.between(0, 2), 3);
        Dim m = Dim.fixed(c.between(1, Shapes.MAX_DIM));
        Dim k = Dim.fixed(c.between(1, Shapes.MAX_DIM));
        Dim n = Dim.fixed(c.between(1, Shapes.MAX_DIM));
        if (b.symbol() != null) {
            int slot = c.nextInt(3 + batch.size());
            switch (slot) {
                case 0: m = b.symbol(); break;
                case 1: k = b.symbol(); break;
                case 2: n = b.symbol(); break;
                default: batch.set(slot - 3, b.symbol());
            }
        }
        Node x = b.param(matrix(batch, m, k), Domain.uniform(-1.5, 1.5));
        Node y = b.param(matrix(batch, k, n), Domain.uniform(-1.5, 1.5));
        return x.matmul(y);
    }

    private static Shape matrix(List<Dim> batch, Dim rows, Dim cols) {
        List<Dim> dims = new ArrayList<>(batch);
        dims.add(rows);
        dims.add(cols);
        return Shape.of(dims);
    }
}
