package dev.flatgrad.passes;

import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.util.List;

/**
 * A pure graph → graph function: builds a new graph that computes the same values for {@code roots} (and for
 * every node it keeps), leaving {@code graph} untouched, and says where each node went. Every pass keeps the
 * params and inputs with their names, dtypes and shapes, gives each node it builds the call site of the node
 * it stands for, never builds more than one node per node of {@code graph}, and is idempotent: running it on
 * its own result changes nothing.
 */
@FunctionalInterface
public interface GraphPass {
    Rewritten apply(Graph graph, List<Node> roots);

    /** A short name for file names and reports, e.g. {@code constant-folding}. */
    default String name() {
        return "pass";
    }

    /** What the pass does, in a few words. */
    default String description() {
        return name();
    }
}
