package dev.flatgrad.nn;

import dev.flatgrad.dsl.CallSite;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.GraphBuildException;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.ops.CausalMask;
import java.util.ArrayList;
import java.util.List;

/**
 * Neural-network building blocks made only of primitives, so their gradients are derived, never
 * hand-written. Arithmetic follows microgpt.py's order of operations (e.g. softmax multiplies by
 * the reciprocal of the sum) so that results match it to the last bits where possible.
 *
 * <p>Each composite builds its nodes in a {@link dev.flatgrad.dsl.Graph#scope scope} named after
 * it ({@code rmsnorm}, {@code softmax}, {@code attn} with {@code q}, {@code k}, {@code v},
 * {@code scores}, {@code mask}, {@code mix} and {@code out} inside, ...), so printed graphs and
 * generated kernels say which part of the model a node belongs to. {@link #linear} and
 * {@link #embedding}, one op each, open none: their callers name them.
 */
public final class Nn {
    /** rmsnorm's epsilon, as in microgpt.py. */
    public static final double RMS_EPS = 1e-5;

    private Nn() {
    }

    /** {@code x · wᵀ} with {@code w} stored {@code [out, in]} as in microgpt.py; x is {@code [..., in]}. */
    public static Node linear(Node x, Node w) {
        if (w.rank() != 2) {
            throw new GraphBuildException("linear", "the weight must be [out, in], got " + w.type(), CallSite.capture());
        }
        if (x.rank() == 0 || !x.shape().dim(x.rank() - 1).equals(w.shape().dim(1))) {
            throw new GraphBuildException("linear", "input " + x.type() + " does not end in the weight's in-dimension "
                    + w.shape().dim(1) + " (weight " + w.type() + ")", CallSite.capture());
        }
        if (x.rank() == 1) {
            return x.reshape(Shape.of(List.of(Dim.fixed(1), x.shape().dim(0)))).matmul(w.transpose())
                    .reshape(Shape.of(List.of(w.shape().dim(0))));
        }
        Node wt = w.transpose();
        if (x.rank() > 2) {
            List<Dim> dims = new ArrayList<>(x.shape().dims().subList(0, x.rank() - 2));
            dims.addAll(wt.shape().dims());
            wt = wt.broadcastTo(Shape.of(dims));
        }
        return x.matmul(wt);
    }

    /** {@code x * (mean(x²) + 1e-5)^-0.5} along the last axis, without a weight (microgpt.py's rmsnorm). */
    public static Node rmsnorm(Node x) {
        double reciprocal = 1.0 / lastDim(x, "rmsnorm");
        return x.graph().scoped("rmsnorm", () -> {
            Node ms = x.mul(x).sum(-1, true).mul(reciprocal);
            Node scale = ms.add(RMS_EPS).pow(-0.5);
            return x.mul(scale);
        });
    }

    /** Softmax along an axis; the max is subtracted under stop-gradient, as microgpt.py does. */
    public static Node softmax(Node x, int axis) {
        return x.graph().scoped("softmax", () -> {
            Node e = x.sub(x.max(axis, true).stopGradient()).exp();
            return e.mul(e.sum(axis, true).pow(-1));
        });
    }

    /** log(softmax(x)) computed stably: {@code z - log(sum(exp(z)))} with {@code z = x - max(x)}. */
    public static Node logSoftmax(Node x, int axis) {
        return x.graph().scoped("log_softmax", () -> {
            Node z = x.sub(x.max(axis, true).stopGradient());
            return z.sub(z.exp().sum(axis, true).log());
        });
    }

    /** Mean negative log-likelihood of int {@code targets} under {@code logits[..., V]}. */
    public static Node crossEntropy(Node logits, Node targets) {
        return logits.graph().scoped("cross_entropy", () -> nll(logits, targets).mean());
    }

    /**
     * Weighted negative log-likelihood: {@code sum(weights * nll)}. With weights {@code 1/n} per
     * position this is a mean whose divisor is an input (e.g. averaging over several documents).
     */
    public static Node crossEntropy(Node logits, Node targets, Node weights) {
        return logits.graph().scoped("cross_entropy", () -> nll(logits, targets).mul(weights).sum());
    }

    private static Node nll(Node logits, Node targets) {
        return logSoftmax(logits, -1).gatherLast(targets).neg();
    }

    /** Rows of the table for each id: {@code [V, D]} by {@code ids[T]} gives {@code [T, D]}. */
    public static Node embedding(Node table, Node ids) {
        return table.gatherRows(ids);
    }

    /** fc1 → relu → fc2, weights stored {@code [out, in]}. */
    public static Node mlp(Node x, Node fc1, Node fc2) {
        Graph g = x.graph();
        return g.scoped("mlp", () -> {
            Node hidden = g.scoped("fc1", () -> linear(x, fc1)).relu();
            return g.scoped("fc2", () -> linear(hidden, fc2));
        });
    }

    /**
     * Causal multi-head self-attention over {@code x[T, C]}: q, k, v projections, per-head scores
     * scaled by {@code 1/sqrt(C/heads)}, a causal mask, softmax, weighted values and the output
     * projection {@code wo}. With {@code segments} (i32 {@code [T]}, may be null) a position attends
     * only to earlier positions of the same segment, so several documents pack into one sequence.
     */
    public static Node causalSelfAttention(Node x, Node wq, Node wk, Node wv, Node wo, int heads, Node segments) {
        return causalSelfAttentionWithWeights(x, wq, wk, wv, wo, heads, segments).output();
    }

    /**
     * {@link #causalSelfAttention} (the same nodes, built in the same order) together with its attention
     * weights {@code [heads, T, T]}: per head and query position the softmax over key positions.
     */
    public static Attention causalSelfAttentionWithWeights(Node x, Node wq, Node wk, Node wv, Node wo, int heads,
                                                           Node segments) {
        CallSite site = CallSite.capture();
        if (x.rank() != 2) {
            throw new GraphBuildException("attention", "expects x of shape [T, C], got " + x.type(), site);
        }
        Dim t = x.shape().dim(0);
        int c = x.shape().dim(1).max();
        if (heads < 1 || c % heads != 0) {
            throw new GraphBuildException("attention", "embedding width " + c + " is not divisible by " + heads + " heads", site);
        }
        int hd = c / heads;
        Graph g = x.graph();
        return g.scoped("attn", () -> {
            Node q = g.scoped("q", () -> linear(x, wq).reshape(t, heads, hd).permute(1, 0, 2));
            Node k = g.scoped("k", () -> linear(x, wk).reshape(t, heads, hd).permute(1, 2, 0));
            Node v = g.scoped("v", () -> linear(x, wv).reshape(t, heads, hd).permute(1, 0, 2));
            // microgpt.py divides by head_dim**0.5, i.e. multiplies by its reciprocal
            Node scores = g.scoped("scores", () -> q.matmul(k).mul(Math.pow(Math.sqrt(hd), -1)));
            Node masked = g.scoped("mask", () -> causalMask(g, t, segments)
                    .select(scores, g.constant(Double.NEGATIVE_INFINITY, x.dtype())));
            Node weights = softmax(masked, -1);
            Node mixed = g.scoped("mix", () -> weights.matmul(v).permute(1, 0, 2).reshape(t, c));
            return new Attention(g.scoped("out", () -> linear(mixed, wo)), weights);
        });
    }

    /**
     * 1 where key position j may be seen from query position i ({@code j <= i}, same segment), else 0; see
     * {@link CausalMask}. Segment ids, when given, must be non-decreasing (documents packed one after another).
     */
    public static Node causalMask(Graph g, Dim t, Node segments) {
        return CausalMask.apply(g, t, segments);
    }

    private static int lastDim(Node x, String op) {
        if (x.rank() == 0 || x.shape().dim(x.rank() - 1).isSymbolic()) {
            throw new GraphBuildException(op, "the last axis must have a fixed size, got " + x.type(), CallSite.capture());
        }
        return x.shape().dim(x.rank() - 1).max();
    }
}
