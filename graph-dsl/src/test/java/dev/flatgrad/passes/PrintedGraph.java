package dev.flatgrad.passes;

import dev.flatgrad.dsl.Graph;
import dev.flatgrad.print.GraphPrinter;

/** A graph printed without call sites (names stay), so expected texts do not depend on this file's line numbers. */
final class PrintedGraph {
    private PrintedGraph() {
    }

    static String of(Graph g) {
        return GraphPrinter.print(g).replaceAll("    # \\S+:\\d+", "    #");
    }
}
