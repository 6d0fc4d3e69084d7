package dev.flatgrad.examples.microgpt;

import static dev.flatgrad.nn.Nn.causalSelfAttentionWithWeights;
import static dev.flatgrad.nn.Nn.crossEntropy;
import static dev.flatgrad.nn.Nn.embedding;
import static dev.flatgrad.nn.Nn.linear;
import static dev.flatgrad.nn.Nn.mlp;
import static dev.flatgrad.nn.Nn.rmsnorm;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Scope;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.nn.Attention;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * microgpt.py's GPT as a flatgrad graph: token + position embedding, rmsnorm, then per layer an
 * attention block and an MLP block with residuals, and the lm_head. Params are created in
 * microgpt.py's initialisation order.
 *
 * <p>Two shapes of input: one document of {@code T <= block_size} tokens, whose loss is the mean
 * over its positions exactly as microgpt.py computes it; or up to {@code documents} documents packed
 * into one sequence without padding, each attending only to itself (segment ids), positions
 * restarting per document, and the loss weighted per position (1 / (B·n) averages the documents'
 * means).
 */
public final class Gpt {
    private final GptConfig config;
    private final Graph graph = new Graph();
    private final Dim t;
    private final List<Node> params = new ArrayList<>();
    private final List<Node> attentionWeights = new ArrayList<>();
    private final int documents;
    private final Node tokens;
    private final Node targets;
    private final Node logits;
    private final Node loss;

    /** One document per run. */
    public Gpt(GptConfig config) {
        this(config, 1);
    }

    /** Up to {@code documents} documents packed per run (1: a single document, microgpt.py's loss). */
    public Gpt(GptConfig config, int documents) {
        if (documents < 1) {
            throw new IllegalArgumentException("documents per run must be at least 1, got " + documents);
        }
        long capacity = (long) config.blockSize() * documents;
        if (capacity > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(documents + " documents of up to " + config.blockSize()
                    + " tokens are " + capacity + " tokens per run, more than a sequence can hold");
        }
        this.config = config;
        this.documents = documents;
        this.t = graph.symbol("T", (int) capacity);
        int v = config.vocabSize();
        int c = config.nEmbd();
        Node wte = param("wte", v, c);
        Node wpe = param("wpe", config.blockSize(), c);
        Node lmHead = param("lm_head", v, c);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < config.nLayer(); i++) {
            String p = "layer" + i + ".";
            layers.add(new Layer(param(p + "attn_wq", c, c), param(p + "attn_wk", c, c), param(p + "attn_wv", c, c),
                    param(p + "attn_wo", c, c), param(p + "mlp_fc1", 4 * c, c), param(p + "mlp_fc2", c, 4 * c)));
        }
        tokens = graph.input("tokens", DType.I32, Shape.of(t));
        targets = graph.input("targets", DType.I32, Shape.of(t));
        if (documents == 1) {
            Node positions = graph.iota(Shape.of(t), 0, DType.I32).named("positions");
            logits = gpt(wte, wpe, lmHead, layers, positions, null).named("logits");
            loss = crossEntropy(logits, targets).named("loss");
        } else {
            Node positions = graph.input("positions", DType.I32, Shape.of(t));
            Node segments = graph.input("segments", DType.I32, Shape.of(t));
            Node weights = graph.input("weights", DType.F64, Shape.of(t));
            logits = gpt(wte, wpe, lmHead, layers, positions, segments).named("logits");
            loss = crossEntropy(logits, targets, weights).named("loss");
        }
    }

    /** The forward pass, as microgpt.py's {@code gpt()} but over all positions at once. */
    private Node gpt(Node wte, Node wpe, Node lmHead, List<Layer> layers, Node positions, Node segments) {
        // joint token and position embedding
        Node x = graph.scoped("embed", () -> embedding(wte, tokens).add(embedding(wpe, positions)));
        x = rmsnorm(x); // not redundant: the backward pass goes through the residual connection
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            try (Scope s = graph.scope("layer" + i)) {
                // 1) multi-head attention block
                Node residual = x;
                x = rmsnorm(x);
                Attention attention = causalSelfAttentionWithWeights(x, layer.wq, layer.wk, layer.wv, layer.wo,
                        config.nHead(), segments);
                attentionWeights.add(attention.weights());
                x = attention.output();
                x = x.add(residual);
                // 2) MLP block
                residual = x;
                x = rmsnorm(x);
                x = mlp(x, layer.fc1, layer.fc2);
                x = x.add(residual);
            }
        }
        Node last = x;
        return graph.scoped("lm_head", () -> linear(last, lmHead));
    }

    private Node param(String name, int rows, int cols) {
        Node p = graph.param(name, rows, cols);
        params.add(p);
        return p;
    }

    public GptConfig config() {
        return config;
    }

    /** Documents per run: 1, or the most that can be packed into one sequence. */
    public int documents() {
        return documents;
    }

    public Graph graph() {
        return graph;
    }

    /** The sequence length symbol T. */
    public Dim length() {
        return t;
    }

    /** Params in microgpt.py's order: wte, wpe, lm_head, then per layer q, k, v, o, fc1, fc2. */
    public List<Node> params() {
        return Collections.unmodifiableList(params);
    }

    /**
     * Per layer, its attention weights {@code [n_head, T, T]}: row i of a head is query position i's softmax over
     * the key positions (0 above the diagonal and across documents). Unnamed, so no program computes them as
     * an output unless asked to.
     */
    public List<Node> attentionWeights() {
        return Collections.unmodifiableList(attentionWeights);
    }

    public Node tokens() {
        return tokens;
    }

    public Node targets() {
        return targets;
    }

    public Node logits() {
        return logits;
    }

    public Node loss() {
        return loss;
    }

    private record Layer(Node wq, Node wk, Node wv, Node wo, Node fc1, Node fc2) {
    }
}
