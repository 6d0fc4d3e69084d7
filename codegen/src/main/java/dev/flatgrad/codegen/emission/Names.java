package dev.flatgrad.codegen.emission;

import dev.flatgrad.dsl.Node;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Java identifiers and comment text derived from user names. A user name never reaches the
 * generated source raw: identifiers keep only ASCII letters, digits and underscores, and comment
 * text keeps only printable ASCII without backslashes (so no unicode escape, line break or comment
 * terminator can be smuggled in).
 */
public final class Names {
    private final Set<String> used = new HashSet<>();

    /** Reserves identifiers the emitter itself uses, so no buffer can take them. */
    public Names reserve(String... identifiers) {
        used.addAll(Set.of(identifiers));
        return this;
    }

    /**
     * A unique identifier built from {@code prefix} and a sanitised {@code userName} (null allowed);
     * {@code fallback} is appended when the result would collide or be empty.
     */
    public String unique(String prefix, String userName, String fallback) {
        String base = prefix + (userName == null ? "" : sanitize(userName));
        if (base.isEmpty() || base.equals(prefix) && prefix.endsWith("_")) {
            base = prefix + fallback;
        }
        if (!Character.isJavaIdentifierStart(base.charAt(0))) {
            base = "_" + base;
        }
        String candidate = base;
        if (used.contains(candidate) || SourceVersion.isKeyword(candidate)) {
            candidate = base + "_" + fallback;
        }
        int suffix = 2;
        while (used.contains(candidate) || SourceVersion.isKeyword(candidate)) {
            candidate = base + "_" + fallback + "_" + suffix++;
        }
        used.add(candidate);
        return candidate;
    }

    /** ASCII letters, digits and underscores; every other character becomes an underscore; runs collapse. */
    public static String sanitize(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
            char out = ok ? c : '_';
            if (out == '_' && sb.length() > 0 && sb.charAt(sb.length() - 1) == '_') {
                continue;
            }
            sb.append(out);
        }
        String s = sb.toString();
        while (s.endsWith("_") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        return s.equals("_") ? "" : s;
    }

    /** Text safe inside a {@code //} comment: printable ASCII except backslash; anything else becomes '?'. */
    public static String comment(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c >= 32 && c < 127 && c != '\\' ? c : '?');
        }
        return sb.toString();
    }

    /** Text safe inside a javadoc block: {@link #comment}, and no comment terminator. */
    public static String javadoc(String text) {
        return comment(text).replace("*/", "*_/");
    }

    /**
     * How generated comments name a node: {@code %14 add f64[T,16] x (Model.java:82)}, with the
     * scoped path when there is one: {@code %14 exp f64[T,16] (Gpt.java:88 layer0/attn/softmax/exp)}.
     */
    public static String describe(Node n) {
        String attributes = n.op().attributes();
        return "%" + n.id() + " " + n.op().name() + (attributes.isEmpty() ? "" : "[" + attributes + "]") + " " + n.type()
                + (n.name() == null ? "" : " " + n.name()) + " (" + n.site() + (n.scope().isEmpty() ? "" : " " + n.path())
                + ")";
    }
}
