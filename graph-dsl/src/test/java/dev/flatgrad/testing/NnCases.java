package dev.flatgrad.testing;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.nn.Nn;
import java.util.ArrayList;
import java.util.List;

/** Recipes for the nn composites; shapes stay small because a composite is many primitives. */
final class NnCases {
    private NnCases() {
    }

    static Node linear(CaseBuilder b) {
        int in = b.choices().between(1, 5);
        int out = b.choices().between(1, 5);
        Node x = b.param("x", withLast(Shapes.random(b.choices(), 0, 2, 4, b.symbol()), in), Domain.uniform(-1.5, 1.5));
        Node weight = b.param("weight", Shape.of(out, in), Domain.uniform(-1, 1));
        return Nn.linear(x, weight);
    }

    static Node rmsnorm(CaseBuilder b) {
        int width = b.choices().between(1, Shapes.MAX_DIM);
        // away from 0: with one element per row, x / sqrt(x² + 1e-5) bends too sharply near 0 for finite differences
        Node x = b.param("x", withLast(Shapes.random(b.choices(), 0, 2, 4, b.symbol()), width), Domain.signed(0.2, 2));
        return Nn.rmsnorm(x);
    }

    static Node softmax(CaseBuilder b, boolean log) {
        Node x = b.param("x", Shapes.random(b.choices(), 1, 3, 5, b.symbol()), Domain.uniform(-2, 2));
        int axis = Shapes.maybeNegative(b.choices(), b.choices().nextInt(x.rank()), x.rank());
        return log ? Nn.logSoftmax(x, axis) : Nn.softmax(x, axis);
    }

    static Node crossEntropy(CaseBuilder b, boolean weighted) {
        Shape positions = Shapes.random(b.choices(), 0, 2, 4, b.symbol());
        int vocabulary = b.choices().between(1, Shapes.MAX_DIM);
        Node logits = b.param("logits", withLast(positions, vocabulary), Domain.uniform(-2, 2));
        Node targets = b.input("targets", positions, Domain.ids(vocabulary));
        if (!weighted) {
            return Nn.crossEntropy(logits, targets);
        }
        Node weights = b.input("position_weights", positions, Domain.uniform(0.1, 1));
        return Nn.crossEntropy(logits, targets, weights);
    }

    static Node mlp(CaseBuilder b) {
        int width = b.choices().between(1, 4);
        int hidden = b.choices().between(1, 4);
        int out = b.choices().between(1, 4);
        Node x = b.param("x", withLast(Shapes.random(b.choices(), 0, 1, 3, b.symbol()), width), Domain.uniform(-1.5, 1.5));
        Node fc1 = b.param("fc1", Shape.of(hidden, width), Domain.uniform(-1, 1));
        Node fc2 = b.param("fc2", Shape.of(out, hidden), Domain.uniform(-1, 1));
        // relu's kink: resample until every hidden pre-activation is clear of 0 (a separate, unused copy of fc1's output)
        b.require(Nn.linear(x, fc1), "every relu input of the mlp is at least 0.02 from 0", v -> ValueChecks.minAbs(v) >= 0.02);
        return Nn.mlp(x, fc1, fc2);
    }

    static Node embedding(CaseBuilder b) {
        int vocabulary = b.choices().between(1, Shapes.MAX_DIM);
        int width = b.choices().between(1, 4);
        Node table = b.param("table", Shape.of(vocabulary, width), Domain.uniform(-2, 2));
        Node ids = b.input("tokens", Shapes.random(b.choices(), 1, 2, 4, b.symbol()), Domain.ids(vocabulary));
        return Nn.embedding(table, ids);
    }

    static Node attention(CaseBuilder b, boolean segmented) {
        Dim t = b.symbol() != null ? b.symbol() : Dim.fixed(b.choices().between(1, 4));
        int heads = b.choices().between(1, 3);
        int c = heads * b.choices().between(1, 2);
        Node x = b.param("x", Shape.of(t, c), Domain.uniform(-1, 1));
        Node wq = b.param("wq", Shape.of(c, c), Domain.uniform(-1, 1));
        Node wk = b.param("wk", Shape.of(c, c), Domain.uniform(-1, 1));
        Node wv = b.param("wv", Shape.of(c, c), Domain.uniform(-1, 1));
        Node wo = b.param("wo", Shape.of(c, c), Domain.uniform(-1, 1));
        Node segments = segmented ? b.input("segments", Shape.of(t), Domain.sortedIds(3)) : null;
        return Nn.causalSelfAttention(x, wq, wk, wv, wo, heads, segments);
    }

    private static Shape withLast(Shape lead, int last) {
        List<Dim> dims = new ArrayList<>(lead.dims());
        dims.add(Dim.fixed(last));
        return Shape.of(dims);
    }
}
