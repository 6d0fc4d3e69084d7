package dev.flatgrad.codegen.inspect;

import dev.flatgrad.codegen.emission.EmittedKernel;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.print.ScopeTree;
import java.util.List;

/**
 * One graph (forward or backward) on the page: its scopes as nested foldable sections, each with a drawing of
 * its own nodes and folded child scopes, then the text IR with one anchored line per node linking its inputs,
 * its source line and the kernels that compute it.
 */
final class GraphSection {
    private final String key;
    private final List<Node> nodes;
    private final NodeIndex index;

    /** {@code key} tells this graph's scope anchors apart from the other graph's ("forward", "backward"). */
    GraphSection(String key, List<Node> nodes, NodeIndex index) {
        this.key = key;
        this.nodes = nodes;
        this.index = index;
    }

    /** {@code scope-forward} for the top level, {@code scope-forward-layer0/attn} for a scope. */
    String scopeAnchor(String path) {
        return path.isEmpty() ? "scope-" + key : Html.id("scope-" + key + "-", path);
    }

    String html() {
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"tools\"><button type=\"button\" data-fold=\"open\">open every scope</button> ")
                .append("<button type=\"button\" data-fold=\"close\">fold every scope</button></div>\n");
        scope(ScopeTree.of(nodes), 0, sb);
        sb.append("<h3>Text IR</h3>\n<pre class=\"ir\">");
        for (Node n : nodes) {
            sb.append(irLine(n)).append('\n');
        }
        return sb.append("</pre>\n").toString();
    }

    private void scope(ScopeTree tree, int depth, StringBuilder sb) {
        String title = tree.path().isEmpty() ? "top level" : tree.path();
        sb.append("<details class=\"scope\" id=\"").append(Html.escape(scopeAnchor(tree.path()))).append('"')
                .append(depth == 0 ? " open" : "").append(">\n<summary>").append(Html.escape(title))
                .append(" <span class=\"count\">").append(tree.size()).append(" nodes</span></summary>\n")
                .append("<div class=\"diagram\">").append(ScopeDiagram.svg(tree, this::scopeAnchor)).append("</div>\n");
        for (ScopeTree child : tree.children()) {
            scope(child, depth + 1, sb);
        }
        sb.append("</details>\n");
    }

    private String irLine(Node n) {
        StringBuilder sb = new StringBuilder("<span class=\"irline\" id=\"").append(Html.nodeId(n.id())).append("\">");
        sb.append(Html.escape(n.ref())).append(" = ").append(Html.escape(n.op().name()));
        String attributes = n.op().attributes();
        if (!attributes.isEmpty()) {
            sb.append('[').append(Html.escape(attributes)).append(']');
        }
        for (Node in : n.inputs()) {
            sb.append(' ').append(index.listed(in.id()) ? Html.link(Html.nodeId(in.id()), "%" + in.id()) : "%" + in.id());
        }
        sb.append("    <span class=\"note\"># ")
                .append(Html.link(Html.sourceLineId(n.site().file(), n.site().line()), n.site().toString()));
        sb.append(' ').append(Html.escape(n.path()));
        if (n.name() != null) {
            sb.append(" '").append(Html.escape(n.name())).append('\'');
        }
        List<EmittedKernel> kernels = index.kernelsOf(n);
        if (!kernels.isEmpty()) {
            sb.append(" &#8594;");
            for (EmittedKernel k : kernels) {
                sb.append(' ').append(Html.link(Html.kernelId(k.method()), k.method()));
            }
        }
        return sb.append("</span></span>").toString();
    }
}
