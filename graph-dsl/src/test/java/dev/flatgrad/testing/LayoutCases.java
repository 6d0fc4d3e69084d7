package dev.flatgrad.testing;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import java.util.ArrayList;
import java.util.List;

/** Recipes for the ops that move values around: transpose, reshape, slice, concat, broadcast_to. */
final class LayoutCases {
    private LayoutCases() {
    }

    static Node transpose(CaseBuilder b) {
        Node x = b.param(Shapes.random(b.choices(), 2, 3, b.symbol()), Domain.uniform(-2, 2));
        if (b.choices().nextBoolean()) {
            return x.transpose();
        }
        int[] perm = Shapes.permutation(b.choices(), x.rank());
        if (java.util.Arrays.equals(perm, java.util.stream.IntStream.range(0, perm.length).toArray())) {
            // an identity permutation builds no node; swap the last two axes instead
            int last = perm.length - 1;
            perm[last] = last - 1;
            perm[last - 1] = last;
        }
        return x.permute(perm);
    }

    static Node reshape(CaseBuilder b) {
        Node x = b.param(Shapes.random(b.choices(), 0, 3, b.symbol()), Domain.uniform(-2, 2));
        return x.reshape(Shapes.regroup(b.choices(), x.shape()));
    }

    static Node slice(CaseBuilder b) {
        Shape shape = withFixedAxis(b, Shapes.random(b.choices(), 1, 3, b.symbol()));
        int axis = Shapes.fixedAxis(b.choices(), shape, 1);
        int n = shape.dim(axis).max();
        int start = b.choices().nextInt(n);
        int end = start + 1 + b.choices().nextInt(n - start);
        Node x = b.param(shape, Domain.uniform(-2, 2));
        return x.slice(Shapes.maybeNegative(b.choices(), axis, shape.rank()), start, end);
    }

    static Node concat(CaseBuilder b) {
        Shape base = withFixedAxis(b, Shapes.random(b.choices(), 1, 3, b.symbol()));
        int axis = Shapes.fixedAxis(b.choices(), base, 1);
        int count = b.choices().between(2, 3);
        List<Node> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Shape shape = base.withDim(axis, Dim.fixed(b.choices().between(1, 4)));
            parts.add(b.param(shape, Domain.uniform(-2, 2)));
        }
        return parts.get(0).concat(Shapes.maybeNegative(b.choices(), axis, base.rank()),
                parts.subList(1, count).toArray(new Node[0]));
    }

    static Node broadcastTo(CaseBuilder b) {
        Shape target = Shapes.random(b.choices(), 0, 3, b.symbol());
        Node x = b.param(Shapes.broadcastableTo(b.choices(), target), Domain.uniform(-2, 2));
        return x.broadcastTo(target);
    }

    /** Slice and concat need a fixed axis; a shape that is only the symbol gets one appended. */
    private static Shape withFixedAxis(CaseBuilder b, Shape shape) {
        if (shape.rank() > shape.symbolCounts().values().stream().mapToInt(Integer::intValue).sum()) {
            return shape;
        }
        List<Dim> dims = new ArrayList<>(shape.dims());
        dims.add(Dim.fixed(b.choices().between(1, Shapes.MAX_DIM)));
        return Shape.of(dims);
    }
}
