package dev.flatgrad.codegen;

import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.nn.Nn;
import java.util.List;

/** Small graphs shared by codegen tests. */
public final class TestGraphs {
    private TestGraphs() {
    }

    /** A two-layer classifier over T <= 8 rows: x[T,3] → relu(x·w1ᵀ) · w2ᵀ → cross-entropy. */
    public static final class Classifier {
        public final Graph graph = new Graph();
        public final Dim t = graph.symbol("T", 8);
        public final Node x = graph.input("x", DType.F64, Shape.of(t, 3));
        public final Node labels = graph.input("labels", DType.I32, Shape.of(t));
        public final Node w1 = graph.param("w1", 4, 3);
        public final Node w2 = graph.param("w2", 2, 4);
        public final Node logits = Nn.linear(Nn.linear(x, w1).relu(), w2).named("logits");
        public final Node loss = Nn.crossEntropy(logits, labels).named("loss");

        public ProgramSpec spec(Optimizer optimizer, DType precision) {
            return spec(optimizer, precision, true);
        }

        /** With {@code vectorize} false the source is the same on every machine (no vector width in it). */
        public ProgramSpec spec(Optimizer optimizer, DType precision, boolean vectorize) {
            return ProgramSpec.builder(graph).className("Classifier").output(logits)
                    .minimize(loss, List.of(w1, w2)).optimizer(optimizer).precision(precision).vectorize(vectorize).build();
        }

        public static final double[] X = {0.5, -1.0, 2.0, 1.5, 0.2, -0.3, -0.7, 0.9, 0.4};
        public static final int[] LABELS = {1, 0, 1};
        public static final double[] W1 = {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, -0.7, 0.8, 0.9, 0.15, -0.25, 0.35};
        public static final double[] W2 = {0.2, -0.1, 0.4, 0.3, -0.5, 0.6, 0.1, -0.2};

        public Bindings bindings() {
            return new Bindings().dim("T", 3).bind("x", X, 3, 3).bindInts("labels", LABELS, 3)
                    .bind("w1", W1, 4, 3).bind("w2", W2, 2, 4);
        }
    }
}
