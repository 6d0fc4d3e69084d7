package dev.flatgrad.codegen.runtime;

import dev.flatgrad.dsl.Node;
import java.util.List;

/**
 * The graph as one stage of compilation left it (after tracing, after autodiff, after a pass), for
 * IR dumps and the inspection page: a short name used in file names, what the stage did, and its
 * nodes in order.
 */
public record IrStage(String name, String description, List<Node> nodes) {
    public IrStage {
        nodes = List.copyOf(nodes);
    }
}
