package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.flatgrad.codegen.runtime.GeneratedProgram;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.dsl.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimizer's units: per trained param one flat loop for its update (Adam or SGD), and for Adam
 * one that flushes tiny moments. Adam is microgpt.py's, in its order of arithmetic; C2 vectorises
 * the loop.
 */
final class OptimizerEmitter {
    /** Adam moments below this magnitude are flushed to zero (see {@link #flushUnits()}). */
    static final double FLUSH_F64 = 1e-200;
    static final double FLUSH_F32 = 1e-30;
    private static final ClassName OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");

    private final List<Node> trained;
    private final Optimizer optimizer;
    private final BufferTable buffers;
    private final ElementType type;
    private final String receiver;
    private final boolean checkUpdates;
    private final int lanes;
    private final boolean fast;

    /**
     * With {@code checkUpdates}, every updated param is handed to the numerics guard. With {@code lanes} > 0 the
     * Adam loops run in vector lanes (exact: the scalar operations lane by lane; {@code fast}: one division and one
     * square root per element, fused multiply-adds).
     */
    OptimizerEmitter(List<Node> trained, Optimizer optimizer, BufferTable buffers, ElementType type, String receiver,
                     boolean checkUpdates, int lanes, boolean fast) {
        this.trained = trained;
        this.optimizer = optimizer;
        this.buffers = buffers;
        this.type = type;
        this.receiver = receiver;
        this.checkUpdates = checkUpdates;
        this.lanes = lanes;
        this.fast = fast;
    }

    List<Unit> adamUnits() {
        List<Unit> units = new ArrayList<>();
        String t = type.keyword();
        String cast = type == ElementType.DOUBLE ? "" : "(float) ";
        for (Node p : trained) {
            long n = p.shape().maxElements();
            CodeBlock.Builder body = CodeBlock.builder()
                    .addStatement("final $L[] w = $L", t, field(buffers.field(p)))
                    .addStatement("final $L[] g = $L", t, field(buffers.gradientField(p)))
                    .addStatement("final $L[] m = $L", t, field(buffers.adamMField(p)))
                    .addStatement("final $L[] v = $L", t, field(buffers.adamVField(p)))
                    .addStatement("final int to = $T.chunkEnd($L, part, parts)", GeneratedProgram.class, n)
                    .addStatement("int i0 = $T.chunkStart($L, part, parts)", GeneratedProgram.class, n);
            if (lanes > 0 && n >= lanes) {
                body.add(vectorAdam());
            }
            body.beginControlFlow("for (; i0 < to; i0++)")
                    .addStatement("$L gi = g[i0]", t)
                    .addStatement("$L mi = $L * m[i0] + $L * gi", t, type.literal(optimizer.beta1()),
                            type.literal(1 - optimizer.beta1()))
                    .addStatement("$L vi = $L * v[i0] + $L * (gi * gi)", t, type.literal(optimizer.beta2()),
                            type.literal(1 - optimizer.beta2()))
                    .addStatement("m[i0] = mi")
                    .addStatement("v[i0] = vi")
                    .addStatement("w[i0] -= $Llr * (mi / $Lbc1) / ($L + $L)", cast, cast,
                            type.math("sqrt", "vi / " + cast + "bc2"), type.literal(optimizer.eps()))
                    .endControlFlow()
                    .add(updateCheck(p));
            units.add(new Unit(Pass.ADAM, "adam_" + buffers.field(p),
                    Names.javadoc("Adam update of param " + p.name() + " " + p.type()) + "\n", body.build(), List.of(p),
                    buffers.field(p)));
        }
        return units;
    }

    /** Whole vectors of the chunk from {@code i0} in vector lanes; the scalar loop after it does the rest. */
    private CodeBlock vectorAdam() {
        ClassName vector = MatmulEmitter.vectorClass(type);
        String cast = type == ElementType.DOUBLE ? "" : "(float) ";
        CodeBlock.Builder b = CodeBlock.builder()
                .addStatement("$T b1 = $T.broadcast(SPECIES, $L)", vector, vector, type.literal(optimizer.beta1()))
                .addStatement("$T c1 = $T.broadcast(SPECIES, $L)", vector, vector, type.literal(1 - optimizer.beta1()))
                .addStatement("$T b2 = $T.broadcast(SPECIES, $L)", vector, vector, type.literal(optimizer.beta2()))
                .addStatement("$T c2 = $T.broadcast(SPECIES, $L)", vector, vector, type.literal(1 - optimizer.beta2()))
                .addStatement("$T eps = $T.broadcast(SPECIES, $L)", vector, vector, type.literal(optimizer.eps()));
        if (fast) { // lr/bc1 * m / (sqrt(v) / sqrt(bc2) + eps): one division and one square root per element
            b.addStatement("$T step = $T.broadcast(SPECIES, $L(lr / bc1))", vector, vector, cast)
                    .addStatement("$T root = $T.broadcast(SPECIES, $L(1 / Math.sqrt(bc2)))", vector, vector, cast);
        } else {
            b.addStatement("$T rate = $T.broadcast(SPECIES, $Llr)", vector, vector, cast)
                    .addStatement("$T d1 = $T.broadcast(SPECIES, $Lbc1)", vector, vector, cast)
                    .addStatement("$T d2 = $T.broadcast(SPECIES, $Lbc2)", vector, vector, cast);
        }
        b.beginControlFlow("for (; i0 < to - $L; i0 += $L)", lanes - 1, lanes)
                .addStatement("$T gi = $T.fromArray(SPECIES, g, i0)", vector, vector);
        if (fast) {
            b.addStatement("$T mi = gi.fma(c1, b1.mul($T.fromArray(SPECIES, m, i0)))", vector, vector)
                    .addStatement("$T vi = gi.mul(gi).fma(c2, b2.mul($T.fromArray(SPECIES, v, i0)))", vector, vector)
                    .addStatement("$T update = step.mul(mi).div(vi.lanewise($T.SQRT).fma(root, eps))", vector, OPERATORS);
        } else { // microgpt.py's operations in its order, lane by lane: the scalar loop's bits
            b.addStatement("$T mi = b1.mul($T.fromArray(SPECIES, m, i0)).add(c1.mul(gi))", vector, vector)
                    .addStatement("$T vi = b2.mul($T.fromArray(SPECIES, v, i0)).add(c2.mul(gi.mul(gi)))", vector, vector)
                    .addStatement("$T update = rate.mul(mi.div(d1)).div(vi.div(d2).lanewise($T.SQRT).add(eps))", vector,
                            OPERATORS);
        }
        return b.addStatement("mi.intoArray(m, i0)")
                .addStatement("vi.intoArray(v, i0)")
                .addStatement("$T.fromArray(SPECIES, w, i0).sub(update).intoArray(w, i0)", vector)
                .endControlFlow()
                .build();
    }

    List<Unit> sgdUnits() {
        List<Unit> units = new ArrayList<>();
        String cast = type == ElementType.DOUBLE ? "" : "(float) ";
        for (Node p : trained) {
            CodeBlock body = CodeBlock.builder()
                    .beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", p.shape().maxElements())
                    .addStatement("$L[i0] -= $Llr * $L[i0]", field(buffers.field(p)), cast, field(buffers.gradientField(p)))
                    .endControlFlow()
                    .add(updateCheck(p))
                    .build();
            units.add(new Unit(Pass.SGD, "sgd_" + buffers.field(p),
                    Names.javadoc("SGD update of param " + p.name() + " " + p.type()) + "\n", body, List.of(p), buffers.field(p)));
        }
        return units;
    }

    /**
     * Sets Adam moments below a tiny threshold to zero. A param that stops receiving gradient has
     * moments decaying geometrically into subnormals, where x86 arithmetic is 2-10x slower. Kept out
     * of the update loop (a conditional there stops C2 from vectorising it); the runtime calls it
     * every few dozen steps, long before a moment at the threshold could decay to a subnormal.
     */
    List<Unit> flushUnits() {
        List<Unit> units = new ArrayList<>();
        String threshold = type.literal(type == ElementType.DOUBLE ? FLUSH_F64 : FLUSH_F32);
        for (Node p : trained) {
            CodeBlock.Builder body = CodeBlock.builder()
                    .beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", p.shape().maxElements());
            for (String moment : List.of(buffers.adamMField(p), buffers.adamVField(p))) {
                body.beginControlFlow("if (Math.abs($L[i0]) < $L)", field(moment), threshold)
                        .addStatement("$L[i0] = $L", field(moment), type.literal(0.0))
                        .endControlFlow();
            }
            units.add(new Unit(Pass.FLUSH_TINY, "flush_" + buffers.field(p),
                    Names.javadoc("Flushes tiny Adam moments of param " + p.name()) + "\n", body.endControlFlow().build(),
                    List.of(p), buffers.adamMField(p)));
        }
        return units;
    }

    private CodeBlock updateCheck(Node p) {
        return checkUpdates ? CodeBlock.of("$L.guard().checkUpdate($L, $L, $L);\n", receiver, p.id(), field(buffers.field(p)),
                p.shape().maxElements()) : CodeBlock.of("");
    }

    private String field(String name) {
        return receiver + "." + name;
    }
}
