package dev.flatgrad.testing;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.print.GraphPrinter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A generated graph ready for checking: its scalar loss, the params to differentiate with respect
 * to, values for every leaf and, optionally, one symbolic dimension with the size to check at.
 * {@link #toString()} prints the forward graph and its values, so a failing case reads as a small
 * program. Differentiating appends nodes to the graph; the description shows only the forward part.
 */
public final class GeneratedCase {
    private final String label;
    private final Node loss;
    private final List<Node> params;
    private final Node weights;
    private final List<Node> forward;
    private final Map<Node, NDArray> fullValues;
    private final Dim symbol;
    private final int size;

    GeneratedCase(String label, Node loss, List<Node> params, Node weights, List<Node> forward,
            Map<Node, NDArray> fullValues, Dim symbol, int size) {
        this.label = label;
        this.loss = loss;
        this.params = List.copyOf(params);
        this.weights = weights;
        this.forward = List.copyOf(forward);
        this.fullValues = Map.copyOf(fullValues);
        this.symbol = symbol;
        this.size = size;
    }

    /** What was generated, e.g. {@code exp} or {@code random dag}. */
    public String label() {
        return label;
    }

    public Graph graph() {
        return loss.graph();
    }

    /** The float scalar to differentiate. */
    public Node loss() {
        return loss;
    }

    /** The params the loss depends on, in creation order: the gradient targets. */
    public List<Node> params() {
        return params;
    }

    /** The weights input {@code w} of the contraction {@code sum(out * w)}, when the case has one. */
    public Optional<Node> weights() {
        return Optional.ofNullable(weights);
    }

    /** The nodes the loss depends on, in id order (no backward nodes). */
    public List<Node> forwardNodes() {
        return forward;
    }

    /** The symbolic dimension the graph uses, if any. */
    public Optional<Dim> symbol() {
        return Optional.ofNullable(symbol);
    }

    /** The size of the symbolic dimension the default bindings use; 0 without one. */
    public int symbolSize() {
        return size;
    }

    /** Values for every leaf the loss depends on (and any extra inputs), and the symbol's size. */
    public Bindings bindings() {
        return bindingsAt(size);
    }

    /** Bindings at another size of the symbol: the same sampled values, restricted. */
    public Bindings bindingsAt(int symbolSize) {
        checkSize(symbolSize);
        Bindings b = new Bindings();
        fullValues.entrySet().stream()
                .sorted(Map.Entry.comparingByKey((x, y) -> Integer.compare(x.id(), y.id())))
                .forEach(e -> b.bind(e.getKey().name(), SymbolicValues.restrict(e.getValue(), e.getKey().shape(), symbol, symbolSize)));
        if (symbol != null) {
            b.dim(symbol.symbol(), symbolSize);
        }
        return b;
    }

    /** The same graph and values, checked at another size of the symbol. */
    public GeneratedCase atSymbolSize(int symbolSize) {
        checkSize(symbolSize);
        return new GeneratedCase(label, loss, params, weights, forward, fullValues, symbol, symbolSize);
    }

    /** The label, the symbol's size, the printed forward graph and the leaf values. */
    public String description() {
        StringBuilder sb = new StringBuilder(label);
        if (symbol != null) {
            sb.append(" with ").append(symbol).append(" = ").append(size).append(" (max ").append(symbol.max()).append(')');
        }
        sb.append('\n').append(GraphPrinter.print(forward));
        Bindings b = bindings();
        b.values().forEach((name, value) -> sb.append("  ").append(name).append(" = ").append(value).append('\n'));
        return sb.toString();
    }

    @Override
    public String toString() {
        return description();
    }

    private void checkSize(int symbolSize) {
        boolean ok = symbol == null ? symbolSize == 0 : symbolSize >= 1 && symbolSize <= symbol.max();
        if (!ok) {
            throw new IllegalArgumentException(label + ": no symbol size " + symbolSize
                    + (symbol == null ? " (the case is static; use 0)" : " (1.." + symbol.max() + ")"));
        }
    }
}
