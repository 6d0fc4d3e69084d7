package dev.flatgrad.testing;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.ops.CausalMask;
import dev.flatgrad.ops.Compare;
import dev.flatgrad.ops.Constant;
import dev.flatgrad.ops.Iota;
import dev.flatgrad.ops.Numel;
import dev.flatgrad.ops.StopGradient;
import java.util.List;
import java.util.Locale;

/**
 * One generator per primitive that {@link Primitive} leaves out because no gradient flows through
 * it: comparisons (each kind, on few whole numbers so that equal operands are common),
 * stop-gradient, constants, iota, the causal mask and numel. For checks of forward values; leaves occur in every case.
 */
public enum NonDifferentiable implements CaseGenerator {
    LT(Compare.class, Compare.Kind.LT, b -> compare(b, Compare.Kind.LT)),
    LE(Compare.class, Compare.Kind.LE, b -> compare(b, Compare.Kind.LE)),
    GT(Compare.class, Compare.Kind.GT, b -> compare(b, Compare.Kind.GT)),
    GE(Compare.class, Compare.Kind.GE, b -> compare(b, Compare.Kind.GE)),
    EQ(Compare.class, Compare.Kind.EQ, b -> compare(b, Compare.Kind.EQ)),
    STOP_GRADIENT(StopGradient.class, null,
            b -> b.param(Shapes.random(b.choices(), 0, 3, b.symbol()), Domain.uniform(-2, 2)).stopGradient()),
    FILL(Constant.class, null, NonDifferentiable::fill),
    TABLE(Constant.class, null, NonDifferentiable::table),
    IOTA(Iota.class, null, NonDifferentiable::iota),
    CAUSAL_MASK(CausalMask.class, null, NonDifferentiable::causalMask),
    NUMEL(Numel.class, null, NonDifferentiable::numel);

    private final String opKey;
    private final Recipe recipe;

    NonDifferentiable(Class<? extends Op> op, Enum<?> kind, Recipe recipe) {
        this.opKey = OpKeys.of(op, kind);
        this.recipe = recipe;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@link OpKeys} key of the op under test; every case of this generator contains it. */
    public String opKey() {
        return opKey;
    }

    @Override
    public GeneratedCase generate(Choices structure, long valueSeed, boolean allowSymbol) {
        CaseBuilder b = CaseBuilder.start(label(), structure, valueSeed, allowSymbol);
        return b.finish(recipe.build(b));
    }

    private static Node compare(CaseBuilder b, Compare.Kind kind) {
        Shape out = Shapes.random(b.choices(), 0, 3, b.symbol());
        Node x = b.param(Shapes.broadcastableTo(b.choices(), out), Domain.wholeNumbers(-1, 1));
        Node y = b.input(Shapes.broadcastableTo(b.choices(), out), Domain.wholeNumbers(-1, 1));
        return Compare.apply(kind, x, y);
    }

    /** A fill constant of a (possibly symbolic) shape, added to a param so it has a consumer either way. */
    private static Node fill(CaseBuilder b) {
        Shape shape = Shapes.random(b.choices(), 0, 3, b.symbol());
        Node filled = b.graph().full(b.choices().between(-4, 4) / 4.0, DType.F64, shape);
        return b.param(shape, Domain.uniform(-2, 2)).add(filled);
    }

    /** Explicit row-major values, drawn as structure (quarters in [-1.5, 1.5]). */
    private static Node table(CaseBuilder b) {
        List<Dim> dims = Shapes.fixedDims(b.choices(), b.choices().between(0, 3), 4);
        Shape shape = Shape.of(dims);
        double[] values = new double[(int) shape.maxElements()];
        for (int i = 0; i < values.length; i++) {
            values[i] = b.choices().between(-6, 6) / 4.0;
        }
        int[] sizes = dims.stream().mapToInt(Dim::max).toArray();
        return b.param(shape, Domain.uniform(-2, 2)).mul(b.graph().constant(values, DType.F64, sizes));
    }

    private static Node iota(CaseBuilder b) {
        Shape shape = Shapes.random(b.choices(), 1, 3, b.symbol());
        return b.graph().iota(shape, b.choices().nextInt(shape.rank()), DType.F64);
    }

    /** A causal mask over the case's symbolic length (or a fixed one), with sorted segment ids half the time. */
    private static Node causalMask(CaseBuilder b) {
        Dim t = b.symbol() != null ? b.symbol() : Dim.fixed(b.choices().between(1, 6));
        Node segments = b.choices().nextBoolean() ? b.input(Shape.of(t), Domain.sortedIds(4)) : null;
        return CausalMask.apply(b.graph(), t, segments);
    }

    /** A param times its own run-time element count, which varies with the symbol when the case has one. */
    private static Node numel(CaseBuilder b) {
        Shape shape = Shapes.random(b.choices(), 0, 3, b.symbol());
        return b.param(shape, Domain.uniform(-2, 2)).mul(b.graph().numel(shape, DType.F64));
    }
}
