package dev.flatgrad.print;

import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.util.List;

/**
 * A stable, jaxpr-like text form: one line per node,
 * {@code %12:f64[T,16] = matmul %7 %9    # Gpt.java:57 layer0.attn.q}. The same graph built by the
 * same code always prints the same text.
 */
public final class GraphPrinter {
    private GraphPrinter() {
    }

    public static String print(Graph graph) {
        return print(graph.nodes());
    }

    /** The given nodes, in the order given. */
    public static String print(List<Node> nodes) {
        StringBuilder sb = new StringBuilder();
        for (Node n : nodes) {
            sb.append(line(n)).append('\n');
        }
        return sb.toString();
    }

    public static String line(Node n) {
        StringBuilder sb = new StringBuilder();
        sb.append(n.ref()).append(" = ").append(n.op().name());
        String attributes = n.op().attributes();
        if (!attributes.isEmpty()) {
            sb.append('[').append(attributes).append(']');
        }
        for (Node in : n.inputs()) {
            sb.append(" %").append(in.id());
        }
        sb.append("    # ").append(n.site());
        if (n.name() != null) {
            sb.append(' ').append(n.name());
        }
        return sb.toString();
    }
}
