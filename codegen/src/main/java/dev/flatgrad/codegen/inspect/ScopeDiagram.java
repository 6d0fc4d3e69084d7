package dev.flatgrad.codegen.inspect;

import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Leaf;
import dev.flatgrad.print.ScopeTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One scope of a graph drawn as SVG: the nodes built directly in it, each child scope folded into one box
 * (a link that opens that scope's own drawing), and the values it reads from outside as dashed boxes.
 * Every box links to its node's line in the text IR or to the child scope, so a drawing of hundreds of
 * nodes is read one scope at a time.
 */
final class ScopeDiagram {
    /** Values from outside drawn one by one; more are folded into one box. */
    static final int MAX_EXTERNAL = 24;
    private static final double CHAR_WIDTH = 6.7;

    /** A box: the node id it sorts by, two lines of text, the anchor it links to (or null) and its CSS class. */
    private record Item(int key, String line1, String line2, String target, String css) {
    }

    private ScopeDiagram() {
    }

    /**
     * @param scopeAnchor the element id of a child scope's section, by its path
     */
    static String svg(ScopeTree level, java.util.function.Function<String, String> scopeAnchor) {
        Map<Integer, Integer> itemOfNode = new HashMap<>();
        List<Item> items = new ArrayList<>();
        for (Node n : level.nodes()) {
            itemOfNode.put(n.id(), items.size());
            items.add(nodeItem(n));
        }
        List<Node> subtree = new ArrayList<>(level.nodes());
        for (ScopeTree child : level.children()) {
            int index = items.size();
            List<Node> inside = all(child);
            inside.forEach(n -> itemOfNode.put(n.id(), index));
            subtree.addAll(inside);
            int key = inside.stream().mapToInt(Node::id).min().orElse(0);
            items.add(new Item(key, child.name(), child.size() + " nodes", scopeAnchor.apply(child.path()), "scope"));
        }
        subtree.sort(Comparator.comparingInt(Node::id));
        Set<Node> outside = new LinkedHashSet<>();
        for (Node n : subtree) {
            for (Node in : n.inputs()) {
                if (!itemOfNode.containsKey(in.id())) {
                    outside.add(in);
                }
            }
        }
        int shown = 0;
        int more = -1;
        for (Node in : outside.stream().sorted(Comparator.comparingInt(Node::id)).toList()) {
            if (shown++ < MAX_EXTERNAL) {
                itemOfNode.put(in.id(), items.size());
                items.add(new Item(in.id(), "%" + in.id() + " " + (in.name() != null ? in.name() : in.op().name()),
                        in.scope().isEmpty() ? in.type() : "from " + in.scope(), Html.nodeId(in.id()), "external"));
            } else {
                if (more < 0) {
                    more = items.size();
                    items.add(null); // filled below, when the count is known
                }
                itemOfNode.put(in.id(), more);
            }
        }
        if (more >= 0) {
            items.set(more, new Item(-1, "+" + (outside.size() - MAX_EXTERNAL) + " more inputs",
                    "from outside", null, "external"));
        }
        // boxes in a topological order: by the smallest node id each stands for
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> items.get(i).key()).thenComparingInt(i -> i));
        int[] rank = new int[items.size()];
        for (int r = 0; r < order.size(); r++) {
            rank[order.get(r)] = r;
        }
        Map<Long, int[]> edges = new LinkedHashMap<>();
        for (Node n : subtree) {
            int to = rank[itemOfNode.get(n.id())];
            for (Node in : n.inputs()) {
                int from = rank[itemOfNode.get(in.id())];
                if (from != to) {
                    edges.putIfAbsent(((long) from << 32) | to, new int[] {from, to});
                }
            }
        }
        double[] widths = new double[items.size()];
        for (int r = 0; r < order.size(); r++) {
            Item it = items.get(order.get(r));
            widths[r] = Math.max(64, Math.max(it.line1().length(), it.line2().length()) * CHAR_WIDTH + 16);
        }
        GraphLayout layout = GraphLayout.of(widths, new ArrayList<>(edges.values()));
        return render(layout, order.stream().map(items::get).toList(), edges.values(), level);
    }

    private static Item nodeItem(Node n) {
        String name = n.name() == null ? "" : " " + n.name();
        String css = Leaf.isParam(n) ? "param" : n.op() == Leaf.input() ? "input"
                : n.op().name().equals("matmul") ? "op matmul" : "op";
        return new Item(n.id(), "%" + n.id() + " " + n.op().name() + name, n.type(), Html.nodeId(n.id()), css);
    }

    private static List<Node> all(ScopeTree scope) {
        List<Node> nodes = new ArrayList<>(scope.nodes());
        for (ScopeTree child : scope.children()) {
            nodes.addAll(all(child));
        }
        return nodes;
    }

    private static String render(GraphLayout layout, List<Item> items, Iterable<int[]> edges, ScopeTree level) {
        StringBuilder sb = new StringBuilder();
        String title = level.path().isEmpty() ? "top level" : level.path();
        sb.append(String.format(Locale.ROOT, "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\""
                + " height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%s\">%n",
                layout.width(), layout.height(), layout.width(), layout.height(), Html.escape("graph of " + title)));
        sb.append("<g class=\"edges\">\n");
        for (int[] e : edges) {
            GraphLayout.Box from = layout.boxes().get(e[0]);
            GraphLayout.Box to = layout.boxes().get(e[1]);
            double x1 = from.centerX();
            double y1 = from.y() + from.height();
            double x2 = to.centerX();
            double y2 = to.y();
            double bend = Math.max(20, Math.abs(y2 - y1) / 2);
            sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1f\"%s/>%n",
                    x1, y1, x1, y1 + bend, x2, y2 - bend, x2, y2, y2 <= y1 ? " class=\"back\"" : ""));
        }
        sb.append("</g>\n");
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            GraphLayout.Box b = layout.boxes().get(i);
            String box = String.format(Locale.ROOT, "<g class=\"box %s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                    + " height=\"%.1f\" rx=\"4\"/><text x=\"%.1f\" y=\"%.1f\">%s</text><text class=\"sub\" x=\"%.1f\""
                    + " y=\"%.1f\">%s</text></g>", it.css(), b.x(), b.y(), b.width(), b.height(), b.x() + 8, b.y() + 14,
                    Html.escape(it.line1()), b.x() + 8, b.y() + 27, Html.escape(it.line2()));
            if (it.target() != null) {
                sb.append("<a href=\"#").append(Html.escape(it.target())).append("\">").append(box).append("</a>\n");
            } else {
                sb.append(box).append('\n');
            }
        }
        return sb.append("</svg>\n").toString();
    }
}
