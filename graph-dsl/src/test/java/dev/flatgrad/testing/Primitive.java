package dev.flatgrad.testing;

import dev.flatgrad.dsl.Op;
import dev.flatgrad.ops.Binary;
import dev.flatgrad.ops.BroadcastTo;
import dev.flatgrad.ops.Concat;
import dev.flatgrad.ops.GatherLast;
import dev.flatgrad.ops.GatherRows;
import dev.flatgrad.ops.Matmul;
import dev.flatgrad.ops.Reduce;
import dev.flatgrad.ops.Reshape;
import dev.flatgrad.ops.ScatterAddLast;
import dev.flatgrad.ops.ScatterAddRows;
import dev.flatgrad.ops.Select;
import dev.flatgrad.ops.Slice;
import dev.flatgrad.ops.Transpose;
import dev.flatgrad.ops.Unary;
import java.util.Locale;

/**
 * One generator per differentiable primitive: a case whose output is that op applied to params of
 * generated shapes and values, then contracted with random weights. Stop-gradient is not here: its
 * gradient deliberately disagrees with finite differences (see {@link StopGradientCases}).
 */
public enum Primitive implements CaseGenerator {
    NEG(Unary.class, Unary.Kind.NEG, b -> ElementwiseCases.unary(b, Unary.Kind.NEG)),
    EXP(Unary.class, Unary.Kind.EXP, b -> ElementwiseCases.unary(b, Unary.Kind.EXP)),
    LOG(Unary.class, Unary.Kind.LOG, b -> ElementwiseCases.unary(b, Unary.Kind.LOG)),
    SQRT(Unary.class, Unary.Kind.SQRT, b -> ElementwiseCases.unary(b, Unary.Kind.SQRT)),
    RSQRT(Unary.class, Unary.Kind.RSQRT, b -> ElementwiseCases.unary(b, Unary.Kind.RSQRT)),
    RELU(Unary.class, Unary.Kind.RELU, b -> ElementwiseCases.unary(b, Unary.Kind.RELU)),
    POW(Unary.class, Unary.Kind.POW, ElementwiseCases::pow),
    ADD(Binary.class, Binary.Kind.ADD, b -> ElementwiseCases.binary(b, Binary.Kind.ADD)),
    SUB(Binary.class, Binary.Kind.SUB, b -> ElementwiseCases.binary(b, Binary.Kind.SUB)),
    MUL(Binary.class, Binary.Kind.MUL, b -> ElementwiseCases.binary(b, Binary.Kind.MUL)),
    DIV(Binary.class, Binary.Kind.DIV, b -> ElementwiseCases.binary(b, Binary.Kind.DIV)),
    MAXIMUM(Binary.class, Binary.Kind.MAXIMUM, b -> ElementwiseCases.binary(b, Binary.Kind.MAXIMUM)),
    SELECT(Select.class, null, ElementwiseCases::select),
    SUM(Reduce.class, Reduce.Kind.SUM, b -> ReductionCases.reduce(b, Reduce.Kind.SUM)),
    MAX(Reduce.class, Reduce.Kind.MAX, b -> ReductionCases.reduce(b, Reduce.Kind.MAX)),
    MATMUL(Matmul.class, null, MatmulCases::matmul),
    TRANSPOSE(Transpose.class, null, LayoutCases::transpose),
    RESHAPE(Reshape.class, null, LayoutCases::reshape),
    SLICE(Slice.class, null, LayoutCases::slice),
    CONCAT(Concat.class, null, LayoutCases::concat),
    BROADCAST_TO(BroadcastTo.class, null, LayoutCases::broadcastTo),
    GATHER_ROWS(GatherRows.class, null, IndexingCases::gatherRows),
    GATHER_LAST(GatherLast.class, null, IndexingCases::gatherLast),
    SCATTER_ADD_ROWS(ScatterAddRows.class, null, IndexingCases::scatterAddRows),
    SCATTER_ADD_LAST(ScatterAddLast.class, null, IndexingCases::scatterAddLast);

    private final String opKey;
    private final Recipe recipe;

    Primitive(Class<? extends Op> op, Enum<?> kind, Recipe recipe) {
        this.opKey = OpKeys.of(op, kind);
        this.recipe = recipe;
    }

    /** The {@link OpKeys} key of the op under test; every case of this generator contains it. */
    public String opKey() {
        return opKey;
    }

    /** The lower-case name, e.g. {@code exp}: how cases and property runs are labelled. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public GeneratedCase generate(Choices structure, long valueSeed, boolean allowSymbol) {
        CaseBuilder b = CaseBuilder.start(label(), structure, valueSeed, allowSymbol);
        return b.finish(recipe.build(b));
    }
}
