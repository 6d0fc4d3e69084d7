package dev.flatgrad.codegen.inspect;

import dev.flatgrad.dsl.Node;

/** One-line descriptions of nodes shared by the text reports: {@code %57 exp f64[T,16]  layer0/attn/softmax/exp  Gpt.java:88}. */
final class Describe {
    private Describe() {
    }

    static String node(Node n) {
        String attributes = n.op().attributes();
        return "%" + n.id() + " " + n.op().name() + (attributes.isEmpty() ? "" : "[" + attributes + "]") + " " + n.type()
                + "  " + n.path() + (n.name() == null ? "" : " '" + n.name() + "'") + "  " + n.site();
    }
}
