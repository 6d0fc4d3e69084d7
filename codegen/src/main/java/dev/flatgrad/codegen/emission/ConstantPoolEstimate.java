package dev.flatgrad.codegen.emission;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A generous estimate of the constant-pool entries a generated method adds to its class: the class
 * format caps a class at 65,535 constants, and Janino fails only after compiling for a long time, so
 * programs are laid out from this estimate before compiling. Counted: the method's own name, type and
 * reference; each distinct field it reads (field reference, name-and-type, name); each distinct numeric
 * literal (doubles and longs take two entries); each distinct method it calls.
 */
final class ConstantPoolEstimate {
    private static final Pattern LITERAL = Pattern.compile(
            "(?<![A-Za-z0-9_.])(?:[0-9]+\\.[0-9]+(?:[eE][-+]?[0-9]+)?f?|[0-9]+[eE][-+]?[0-9]+f?|[0-9]{5,})");
    private static final Pattern CALL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");

    private ConstantPoolEstimate() {
    }

    /** Entries for a method whose body reads fields as {@code receiver.field}. */
    static int of(Unit unit, String receiver) {
        String body = unit.body().toString();
        Pattern field = Pattern.compile("\\b" + Pattern.quote(receiver) + "\\.([A-Za-z_][A-Za-z0-9_]*)");
        return 4 + 3 * distinct(field.matcher(body), 1) + 2 * distinct(LITERAL.matcher(body), 0)
                + 3 * distinct(CALL.matcher(body), 1);
    }

    private static int distinct(Matcher m, int group) {
        Set<String> seen = new HashSet<>();
        while (m.find()) {
            seen.add(m.group(group));
        }
        return seen.size();
    }
}
