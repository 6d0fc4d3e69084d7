package dev.flatgrad.print;

import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.util.List;

/**
 * A stable, jaxpr-like text form: one line per node,
 * {@code %12:f64[T,16] = matmul %7 %9    # Gpt.java:57 layer0/attn/q/matmul}, with the user's call
 * site, the node's scoped path (when it was built in a scope) and its name (when it has one). The
 * same graph built by the same code always prints the same text. {@link #dot} gives GraphViz.
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

    /** The graph in GraphViz DOT, one cluster per scope; see {@link DotExporter}. */
    public static String dot(Graph graph) {
        return DotExporter.dot(graph.nodes());
    }

    /** The given nodes in GraphViz DOT; inputs from outside them are drawn as dashed boxes. */
    public static String dot(List<Node> nodes) {
        return DotExporter.dot(nodes);
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
        if (!n.scope().isEmpty()) {
            sb.append(' ').append(n.path());
        }
        if (n.name() != null) {
            sb.append(' ').append(n.name());
        }
        return sb.toString();
    }
}
