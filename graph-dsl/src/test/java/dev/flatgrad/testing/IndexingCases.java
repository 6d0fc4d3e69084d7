package dev.flatgrad.testing;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Recipes for gathers and their adjoint scatter-adds. Ids are drawn with repeats, so the
 * accumulation of several gradients into one row or slot is exercised.
 */
final class IndexingCases {
    private IndexingCases() {
    }

    /** Rows picked by ids, or (a third of the time) by positions, as a position embedding picks them. */
    static Node gatherRows(CaseBuilder b) {
        int rows = b.choices().between(1, Shapes.MAX_DIM);
        Node table = b.param(concat(List.of(Dim.fixed(rows)), Shapes.fixedDims(b.choices(), b.choices().between(0, 2), 4)),
                Domain.uniform(-2, 2));
        if (b.choices().between(0, 2) == 0) {
            Dim length = b.symbol() != null && b.symbol().max() <= rows ? b.symbol() : Dim.fixed(b.choices().between(1, rows));
            return table.gatherRows(b.graph().iota(Shape.of(length), 0, DType.I32));
        }
        Node ids = b.input(Shapes.random(b.choices(), 0, 2, 4, b.symbol()), Domain.ids(rows));
        return table.gatherRows(ids);
    }

    static Node gatherLast(CaseBuilder b) {
        Shape lead = Shapes.random(b.choices(), 0, 2, 4, b.symbol());
        int width = b.choices().between(1, Shapes.MAX_DIM);
        Node x = b.param(concat(lead.dims(), List.of(Dim.fixed(width))), Domain.uniform(-2, 2));
        return x.gatherLast(b.input(lead, Domain.ids(width)));
    }

    static Node scatterAddRows(CaseBuilder b) {
        Shape idsShape = Shapes.random(b.choices(), 0, 2, 4, b.symbol());
        List<Dim> row = Shapes.fixedDims(b.choices(), b.choices().between(0, 2), 4);
        int rows = b.choices().between(1, Shapes.MAX_DIM);
        Node src = b.param(concat(idsShape.dims(), row), Domain.uniform(-2, 2));
        return src.scatterAddRows(b.input(idsShape, Domain.ids(rows)), rows);
    }

    static Node scatterAddLast(CaseBuilder b) {
        Shape shape = Shapes.random(b.choices(), 0, 3, 4, b.symbol());
        int size = b.choices().between(1, Shapes.MAX_DIM);
        Node src = b.param(shape, Domain.uniform(-2, 2));
        return src.scatterAddLast(b.input(shape, Domain.ids(size)), size);
    }

    private static Shape concat(List<Dim> a, List<Dim> b) {
        List<Dim> dims = new ArrayList<>(a);
        dims.addAll(b);
        return Shape.of(dims);
    }
}
