package dev.flatgrad.examples.microgpt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extracts the lists of strings from a YAML file written in the plain style of datafaker's locale
 * files, without a YAML library:
 *
 * <pre>
 * en:
 *   faker:
 *     name:
 *       male_first_name:
 *       - "Aaron"
 *       - 'Abe'
 *       - Abel    # a comment
 * </pre>
 *
 * gives {@code {"en.faker.name.male_first_name": ["Aaron", "Abe", "Abel"]}}: every block sequence
 * of scalars, keyed by the dotted path of mapping keys above it, items in file order.
 *
 * <p>The subset understood: nested block mappings indented with spaces; block sequences whose
 * {@code - } items sit at or below their key's indentation and are one-line scalars (plain,
 * {@code 'single'} or {@code "double"} quoted with YAML escapes); comments; blank lines; a leading
 * {@code ---}. A key with its value on the same line ({@code key: value}, {@code key: [a, b]}) is
 * skipped: it holds no block list. Anything else (multi-line scalars, block scalars, anchors,
 * tags, mappings or sequences inside a list, tabs in indentation) is rejected with the source name
 * and line number rather than misread.
 */
final class YamlLists {
    private YamlLists() {
    }

    /** One mapping key on the path to the current line. */
    private static final class Frame {
        final int indent;
        final String key;
        final boolean block; // nothing after the colon: children or a list follow
        int itemIndent = -1; // indentation of this key's list items, once one was seen
        List<String> items; // this key's list, once an item was seen
        boolean hasChildKeys;

        Frame(int indent, String key, boolean block) {
            this.indent = indent;
            this.key = key;
            this.block = block;
        }
    }

    /**
     * Every list of strings in {@code yaml}, keyed by dotted path, in the order they appear.
     *
     * @param source names the text in error messages, e.g. {@code "en/name.yml"}
     * @throws IllegalArgumentException naming {@code source} and the line, for YAML outside the subset
     */
    static Map<String, List<String>> parse(String yaml, String source) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        Deque<Frame> path = new ArrayDeque<>(); // innermost first
        boolean seenContent = false;
        int lineNumber = 0;
        for (int start = 0, end; start < yaml.length(); start = end + 1) {
            end = yaml.indexOf('\n', start);
            if (end < 0) {
                end = yaml.length();
            }
            lineNumber++;
            Where where = new Where(source, lineNumber);
            String line = yaml.substring(start, end > start && yaml.charAt(end - 1) == '\r' ? end - 1 : end);
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            String content = stripTrailing(line.substring(indent));
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            if (content.startsWith("\t")) {
                throw error(where, "tab in indentation");
            }
            if (indent == 0 && content.equals("---")) {
                if (seenContent) {
                    throw error(where, "a second YAML document");
                }
                continue;
            }
            seenContent = true;
            if (content.equals("-") || content.startsWith("- ")) {
                while (!path.isEmpty() && path.peek().indent > indent) {
                    path.pop();
                }
                Frame parent = path.peek();
                if (parent == null || !parent.block || parent.hasChildKeys) {
                    throw error(where, "list item outside a list (its key must end with ':' and have no other children)");
                }
                if (parent.itemIndent >= 0 && parent.itemIndent != indent) {
                    throw error(where, "list item indented by " + indent + " spaces, other items of '"
                            + parent.key + "' by " + parent.itemIndent);
                }
                if (parent.items == null) {
                    parent.itemIndent = indent;
                    parent.items = new ArrayList<>();
                    if (lists.putIfAbsent(dotted(path), parent.items) != null) {
                        throw error(where, "a second list for the repeated key " + dotted(path));
                    }
                }
                parent.items.add(scalar(content.substring(1).stripLeading(), where));
            } else {
                int colon = keyEnd(content, where);
                String key = unquoteKey(content.substring(0, colon), where);
                String rest = content.substring(colon + 1).strip();
                boolean block = rest.isEmpty() || rest.startsWith("#");
                while (!path.isEmpty() && path.peek().indent >= indent) {
                    path.pop();
                }
                Frame parent = path.peek();
                if (parent != null) {
                    if (!parent.block) {
                        throw error(where, "key '" + key + "' under '" + parent.key + "', which already has a value");
                    }
                    if (parent.itemIndent >= 0) {
                        throw error(where, "key '" + key + "' after list items of '" + parent.key + "'");
                    }
                    parent.hasChildKeys = true;
                }
                path.push(new Frame(indent, key, block));
            }
        }
        return lists;
    }

    /** The index of the colon ending a {@code key:} or {@code key: value} line. */
    private static int keyEnd(String content, Where where) {
        int from = 0;
        char q = content.charAt(0);
        if (q == '"' || q == '\'') {
            from = content.indexOf(q, 1);
            if (from < 0) {
                throw error(where, "unterminated quoted key");
            }
        }
        for (int i = from; i < content.length(); i++) {
            if (content.charAt(i) == ':' && (i + 1 == content.length() || content.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        throw error(where, "expected 'key:' or '- item', got \"" + content + "\" (multi-line values are not supported)");
    }

    private static String unquoteKey(String raw, Where where) {
        String key = raw.strip();
        if (key.isEmpty()) {
            throw error(where, "empty key");
        }
        char c = key.charAt(0);
        if (c == '"' || c == '\'') {
            return scalar(key, where);
        }
        if ("?&*!|>[{%@`".indexOf(c) >= 0) {
            throw error(where, "unsupported key syntax '" + c + "'");
        }
        return key;
    }

    /** The value of a one-line scalar (plain or quoted) followed by an optional comment. */
    static String scalar(String text, Where where) {
        if (text.isEmpty() || text.startsWith("#")) {
            throw error(where, "empty list item");
        }
        char c = text.charAt(0);
        if (c == '"') {
            return doubleQuoted(text, where);
        }
        if (c == '\'') {
            return singleQuoted(text, where);
        }
        if ("[]{}&*!|>%@`,?".indexOf(c) >= 0 || (c == '-' && (text.length() == 1 || text.charAt(1) == ' '))) {
            throw error(where, "unsupported list item \"" + text + "\" (only one-line strings are supported)");
        }
        int comment = text.indexOf(" #");
        String value = stripTrailing(comment < 0 ? text : text.substring(0, comment));
        if (value.endsWith(":") || value.contains(": ")) {
            throw error(where, "a mapping inside a list is not supported: \"" + text + "\"");
        }
        return value;
    }

    private static String singleQuoted(String text, Where where) {
        StringBuilder sb = new StringBuilder();
        int i = 1;
        while (true) {
            if (i >= text.length()) {
                throw error(where, "unterminated 'quoted' string (multi-line strings are not supported)");
            }
            char c = text.charAt(i++);
            if (c == '\'') {
                if (i < text.length() && text.charAt(i) == '\'') {
                    sb.append('\'');
                    i++;
                } else {
                    return afterQuote(sb.toString(), text, i, where);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private static String doubleQuoted(String text, Where where) {
        int close = text.indexOf('"', 1);
        if (close > 0 && text.lastIndexOf('\\', close) < 0) { // the common case: no escapes
            return afterQuote(text.substring(1, close), text, close + 1, where);
        }
        StringBuilder sb = new StringBuilder();
        int i = 1;
        while (true) {
            if (i >= text.length()) {
                throw error(where, "unterminated \"quoted\" string (multi-line strings are not supported)");
            }
            char c = text.charAt(i++);
            if (c == '"') {
                return afterQuote(sb.toString(), text, i, where);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= text.length()) {
                throw error(where, "a line ending in '\\' inside a \"quoted\" string is not supported");
            }
            char e = text.charAt(i++);
            switch (e) {
                case '0' -> sb.append('\0');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 't', '\t' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'v' -> sb.append('\u000B');
                case 'f' -> sb.append('\f');
                case 'r' -> sb.append('\r');
                case 'e' -> sb.append('\u001B');
                case ' ', '"', '/', '\\' -> sb.append(e);
                case 'N' -> sb.append('\u0085');
                case '_' -> sb.append('\u00A0');
                case 'L' -> sb.append('\u2028');
                case 'P' -> sb.append('\u2029');
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + digits > text.length()) {
                        throw error(where, "short \\" + e + " escape");
                    }
                    int cp;
                    try {
                        cp = Integer.parseInt(text, i, i + digits, 16);
                    } catch (NumberFormatException ex) {
                        throw error(where, "bad \\" + e + " escape \"" + text.substring(i - 2, i + digits) + "\"");
                    }
                    if (!Character.isValidCodePoint(cp)) {
                        throw error(where, "escape \\" + e + text.substring(i, i + digits) + " is not a code point");
                    }
                    sb.appendCodePoint(cp);
                    i += digits;
                }
                default -> throw error(where, "unknown escape \\" + e);
            }
        }
    }

    /** Checks that only spaces and a comment follow the closing quote at {@code end}. */
    private static String afterQuote(String value, String text, int end, Where where) {
        String rest = text.substring(end).strip();
        if (!rest.isEmpty() && !(rest.startsWith("#") && (end < text.length() && text.charAt(end) == ' '))) {
            throw error(where, "unexpected \"" + rest + "\" after a quoted string");
        }
        return value;
    }

    private static String dotted(Deque<Frame> path) {
        StringBuilder sb = new StringBuilder();
        for (Iterator<Frame> it = path.descendingIterator(); it.hasNext(); ) {
            sb.append(sb.length() == 0 ? "" : ".").append(it.next().key);
        }
        return sb.toString();
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** A line of the source, for error messages (built only when one is thrown). */
    private record Where(String source, int line) {
        @Override
        public String toString() {
            return source + " line " + line;
        }
    }

    private static IllegalArgumentException error(Where where, String problem) {
        return new IllegalArgumentException(where + ": " + problem);
    }
}
