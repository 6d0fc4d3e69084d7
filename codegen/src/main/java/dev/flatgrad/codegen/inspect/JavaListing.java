package dev.flatgrad.codegen.inspect;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated Java with numbered, anchored lines. Each kernel method gets an anchor at the start of its
 * javadoc, and the node references in comments ({@code %57}) link to the nodes' lines in the text IR.
 */
final class JavaListing {
    private static final Pattern METHOD = Pattern.compile("^\\s*(?:(?:private|static|final|public)\\s+)*void\\s+(\\w+)\\(");
    private static final Pattern NODE_REF = Pattern.compile("%(\\d{1,9})");

    private JavaListing() {
    }

    static String html(String source, Set<String> kernelMethods, NodeIndex index) {
        String[] lines = source.split("\n", -1);
        Map<Integer, String> anchorAt = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = METHOD.matcher(lines[i]);
            if (m.find() && kernelMethods.contains(m.group(1))) {
                int start = i;
                while (start > 0 && isJavadoc(lines[start - 1])) {
                    start--;
                }
                anchorAt.put(start, m.group(1));
            }
        }
        StringBuilder sb = new StringBuilder("<pre class=\"java\">");
        for (int i = 0; i < lines.length; i++) {
            String kernel = anchorAt.get(i);
            if (kernel != null) {
                sb.append("<span class=\"kanchor\" id=\"").append(Html.escape(Html.kernelId(kernel))).append("\"></span>");
            }
            sb.append("<span class=\"ln\" id=\"").append(Html.javaLineId(i + 1)).append("\">")
                    .append(String.format("%5d", i + 1)).append("</span>  ");
            String line = lines[i];
            boolean comment = line.strip().startsWith("*") || line.strip().startsWith("/**") || line.strip().startsWith("//");
            sb.append(comment ? linkNodes(line, index) : Html.escape(line)).append('\n');
        }
        return sb.append("</pre>\n").toString();
    }

    private static boolean isJavadoc(String line) {
        String s = line.strip();
        return s.startsWith("/**") || s.startsWith("*");
    }

    private static String linkNodes(String line, NodeIndex index) {
        StringBuilder sb = new StringBuilder();
        Matcher m = NODE_REF.matcher(line);
        int last = 0;
        while (m.find()) {
            sb.append(Html.escape(line.substring(last, m.start())));
            int id = Integer.parseInt(m.group(1));
            sb.append(index.listed(id) ? Html.link(Html.nodeId(id), m.group()) : Html.escape(m.group()));
            last = m.end();
        }
        return sb.append(Html.escape(line.substring(last))).toString();
    }
}
