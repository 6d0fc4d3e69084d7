package dev.flatgrad.codegen.inspect;

/** Escaping for HTML text and attributes, and element ids built from user text (scope paths, file names). */
final class Html {
    private Html() {
    }

    /** Text safe in element content and in double- or single-quoted attribute values. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * An element id from any text: ASCII letters, digits, '-', '_', '.' and '/' stay; every other character
     * becomes {@code ~hex~}, so distinct texts give distinct ids and no id holds a space or a quote.
     */
    static String id(String prefix, String text) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/');
            if (plain) {
                sb.append(c);
            } else {
                sb.append('~').append(Integer.toHexString(c)).append('~');
            }
        }
        return sb.toString();
    }

    static String nodeId(int id) {
        return "node-" + id;
    }

    static String kernelId(String method) {
        return id("kernel-", method);
    }

    static String sourceLineId(String file, int line) {
        return id("src-", file + "-" + line);
    }

    static String javaLineId(int line) {
        return "java-" + line;
    }

    static String link(String targetId, String text) {
        return "<a href=\"#" + escape(targetId) + "\">" + escape(text) + "</a>";
    }
}
