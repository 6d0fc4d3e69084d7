package dev.flatgrad.testing;

import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.ops.Reduce;

/** Recipes for sum and max along an axis (negative axes, keepdims or not). */
final class ReductionCases {
    private ReductionCases() {
    }

    static Node reduce(CaseBuilder b, Reduce.Kind kind) {
        Shape shape = Shapes.random(b.choices(), 1, 3, b.symbol());
        int axis = Shapes.maybeNegative(b.choices(), b.choices().nextInt(shape.rank()), shape.rank());
        boolean keepDims = b.choices().nextBoolean();
        // max needs distinct values for finite differences: its gradient jumps between tied elements (see Ties)
        Domain domain = kind == Reduce.Kind.MAX ? Domain.distinct(-2, 2) : Domain.uniform(-2, 2);
        return Reduce.apply(kind, b.param(shape, domain), axis, keepDims);
    }
}
