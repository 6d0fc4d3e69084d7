package dev.flatgrad.codegen.inspect;

import dev.flatgrad.codegen.emission.EmittedKernel;
import dev.flatgrad.dsl.Node;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The model's own Java source, one anchored row per line; a line that built graph nodes says how many and
 * links them and the kernels they became, forward and backward.
 */
final class SourceListing {
    private SourceListing() {
    }

    static String html(String file, String text, NodeIndex index) {
        StringBuilder sb = new StringBuilder("<h3>").append(Html.escape(file)).append("</h3>\n<table class=\"src\">\n");
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            List<Node> nodes = index.nodesOfLine(file, line);
            sb.append("<tr id=\"").append(Html.escape(Html.sourceLineId(file, line))).append('"')
                    .append(nodes.isEmpty() ? "" : " class=\"built\"").append("><td class=\"ln\">").append(line)
                    .append("</td><td class=\"code\">").append(Html.escape(lines[i])).append("</td><td class=\"refs\">");
            if (!nodes.isEmpty()) {
                sb.append(refs(nodes, index));
            }
            sb.append("</td></tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    private static String refs(List<Node> nodes, NodeIndex index) {
        Set<String> kernels = new LinkedHashSet<>();
        for (Node n : nodes) {
            for (EmittedKernel k : index.kernelsOf(n)) {
                kernels.add(k.method());
            }
        }
        StringBuilder sb = new StringBuilder("<details><summary>").append(nodes.size())
                .append(nodes.size() == 1 ? " node" : " nodes").append(", ").append(kernels.size())
                .append(kernels.size() == 1 ? " kernel" : " kernels").append("</summary><div class=\"reflist\">");
        sb.append("<div>kernels:");
        for (String k : kernels) {
            sb.append(' ').append(Html.link(Html.kernelId(k), k));
        }
        sb.append("</div><div>nodes:");
        for (Node n : nodes) {
            sb.append(' ').append(Html.link(Html.nodeId(n.id()), "%" + n.id() + " " + n.path()));
        }
        return sb.append("</div></div></details>").toString();
    }
}
