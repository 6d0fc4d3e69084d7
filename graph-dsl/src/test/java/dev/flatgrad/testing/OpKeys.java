package dev.flatgrad.testing;

import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Names primitive ops for coverage accounting: the op's class, plus its kind for classes that
 * bundle several primitives, e.g. {@code Matmul}, {@code Unary.exp}, {@code Reduce.max}.
 */
public final class OpKeys {
    private OpKeys() {
    }

    public static String of(Op op) {
        Enum<?> kind = kindOf(op);
        return kind == null ? op.getClass().getSimpleName() : of(op.getClass(), kind);
    }

    public static String of(Class<?> opClass, Enum<?> kind) {
        String name = opClass.getSimpleName();
        return kind == null ? name : name + "." + kind.name().toLowerCase(Locale.ROOT);
    }

    /** Keys of every op in the case's forward graph. */
    public static Set<String> of(GeneratedCase c) {
        Set<String> keys = new TreeSet<>();
        for (Node n : c.forwardNodes()) {
            keys.add(of(n.op()));
        }
        return keys;
    }

    /** The {@code kind()} of ops that have one, such as Unary and Binary; null otherwise. */
    private static Enum<?> kindOf(Op op) {
        try {
            Method m = op.getClass().getMethod("kind");
            Object kind = m.invoke(op);
            return kind instanceof Enum<?> e ? e : null;
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the kind of " + op.getClass().getName(), e);
        }
    }
}
