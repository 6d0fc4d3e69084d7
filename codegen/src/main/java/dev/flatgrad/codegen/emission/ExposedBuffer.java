package dev.flatgrad.codegen.emission;

import dev.flatgrad.dsl.Node;

/**
 * A buffer the runtime reads or writes by name: its role, user-facing name, generated field, slot in
 * {@code buffer(int)}, and the node whose shape and dtype describe it.
 */
public record ExposedBuffer(BufferRole role, String name, String field, int slot, Node node) {
    public boolean isInt() {
        return !node.dtype().isFloating();
    }
}
