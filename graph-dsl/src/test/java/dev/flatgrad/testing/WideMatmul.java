package dev.flatgrad.testing;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.nn.Nn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Matrix products wide enough for every column tiling of compiled matmuls on a 16-lane machine
 * (AVX-512 f32; f64 has 8): blocks of two vectors, single vectors, 8-column scalar tiles and a
 * remainder, with rows in pairs, an odd row, or the symbolic length {@code T} up to 20. Widths run
 * from 1 to 40. For compiled-code checks; finite differences would be slow at these sizes.
 */
public enum WideMatmul implements CaseGenerator {
    /** {@code x[.., m, k] · y[.., k, n]}, the symbol at any of m, k, n or the batch axis. */
    MATMUL {
        @Override
        Node build(CaseBuilder b) {
            Choices c = b.choices();
            List<Dim> batch = Shapes.fixedDims(c, c.between(0, 1), 3);
            Dim m = Dim.fixed(c.between(1, MAX_LENGTH));
            Dim k = Dim.fixed(c.between(1, MAX_WIDTH));
            Dim n = Dim.fixed(c.between(1, MAX_WIDTH));
            if (b.symbol() != null) {
                int slot = c.nextInt(3 + batch.size());
                switch (slot) {
                    case 0 -> m = b.symbol();
                    case 1 -> k = b.symbol();
                    case 2 -> n = b.symbol();
                    default -> batch.set(slot - 3, b.symbol());
                }
            }
            Node x = b.param(matrix(batch, m, k), Domain.uniform(-1, 1));
            Node y = b.param(matrix(batch, k, n), Domain.uniform(-1, 1));
            return x.matmul(y);
        }
    },
    /** {@code linear(x[T, in], w[out, in]) = x · wᵀ}: a transposed weight, and a weight gradient computed transposed. */
    LINEAR {
        @Override
        Node build(CaseBuilder b) {
            Choices c = b.choices();
            Dim rows = b.symbol() != null ? b.symbol() : Dim.fixed(c.between(1, MAX_LENGTH));
            int in = c.between(1, MAX_WIDTH);
            int out = c.between(1, MAX_WIDTH);
            Node x = b.param("x", Shape.of(rows, in), Domain.uniform(-1, 1));
            Node w = b.param("weight", Shape.of(out, in), Domain.uniform(-1, 1));
            return Nn.linear(x, w);
        }
    };

    /** Largest column and inner width: two 16-lane vectors plus an 8-column tile. */
    public static final int MAX_WIDTH = 40;
    /** Largest row count and maximum of the symbolic length {@code T}. */
    public static final int MAX_LENGTH = 20;

    abstract Node build(CaseBuilder b);

    public String label() {
        return "wide " + name().toLowerCase(Locale.ROOT);
    }

    @Override
    public GeneratedCase generate(Choices structure, long valueSeed, boolean allowSymbol) {
        CaseBuilder b = CaseBuilder.start(label(), structure, valueSeed, allowSymbol, MAX_LENGTH);
        return b.finish(build(b));
    }

    private static Shape matrix(List<Dim> batch, Dim rows, Dim cols) {
        List<Dim> dims = new ArrayList<>(batch);
        dims.add(rows);
        dims.add(cols);
        return Shape.of(dims);
    }
}
