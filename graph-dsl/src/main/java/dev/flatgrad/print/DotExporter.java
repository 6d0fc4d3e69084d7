package dev.flatgrad.print;

import dev.flatgrad.dsl.Node;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * GraphViz DOT for a list of nodes: one box per node (id, op, type, call site, name), an edge per
 * operand, and one nested cluster per scope. Operands outside the list (e.g. forward values read by
 * the backward graph) are drawn as dashed boxes. Deterministic, like {@link GraphPrinter}.
 */
final class DotExporter {
    private DotExporter() {
    }

    static String dot(List<Node> nodes) {
        StringBuilder sb = new StringBuilder("digraph flatgrad {\n");
        sb.append("  rankdir=TB;\n");
        sb.append("  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
        Set<Integer> inside = new HashSet<>();
        for (Node n : nodes) {
            inside.add(n.id());
        }
        Set<Integer> outside = new TreeSet<>();
        for (Node n : nodes) {
            for (Node in : n.inputs()) {
                if (!inside.contains(in.id())) {
                    outside.add(in.id());
                }
            }
        }
        for (int id : outside) {
            Node n = nodes.get(0).graph().node(id);
            sb.append("  n").append(id).append(" [style=dashed, label=\"").append(quote(label(n))).append("\"];\n");
        }
        cluster(ScopeTree.of(nodes), "  ", sb);
        for (Node n : nodes) {
            for (Node in : n.inputs()) {
                sb.append("  n").append(in.id()).append(" -> n").append(n.id()).append(";\n");
            }
        }
        return sb.append("}\n").toString();
    }

    private static void cluster(ScopeTree scope, String indent, StringBuilder sb) {
        for (Node n : scope.nodes()) {
            sb.append(indent).append('n').append(n.id()).append(" [label=\"").append(quote(label(n))).append("\"];\n");
        }
        for (ScopeTree child : scope.children()) {
            sb.append(indent).append("subgraph \"cluster_").append(quote(child.path())).append("\" {\n");
            sb.append(indent).append("  label=\"").append(quote(child.name())).append("\";\n");
            cluster(child, indent + "  ", sb);
            sb.append(indent).append("}\n");
        }
    }

    private static String label(Node n) {
        String attributes = n.op().attributes();
        return "%" + n.id() + " " + n.op().name() + (attributes.isEmpty() ? "" : "[" + attributes + "]") + "\n"
                + n.type() + (n.name() == null ? "" : " " + n.name()) + "\n" + n.site();
    }

    /** Text for a DOT double-quoted string: backslash, quote and line breaks escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
