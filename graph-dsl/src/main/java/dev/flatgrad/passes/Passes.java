package dev.flatgrad.passes;

import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.util.List;

/**
 * The optimising pipeline: constant folding, algebraic simplification, common-subexpression elimination and
 * dead-code elimination, in rounds until a round changes nothing.
 *
 * <p>Folding comes first so that simplification sees {@code broadcast_to} of a constant as the fill it is,
 * and both come before merging, whose duplicates they expose; dead code goes last. Every rewrite removes a
 * node, turns one into a constant or shortens a chain of views, so the rounds end.
 *
 * <p>Run it on a graph after autodiff, with the gradients among the roots: that is where it pays, since
 * reverse mode builds many {@code g·1}, broadcasts of scalar constants and duplicates, and there no rewrite
 * changes a value by a bit (f64). Before autodiff it is sound too (stop_gradient stays), but merged nodes then
 * sum their gradients in another order.
 */
public final class Passes {
    /** One round, in order. */
    public static final List<GraphPass> ROUND = List.of(new ConstantFolding(), new AlgebraicSimplification(),
            new CommonSubexpressions(), new DeadCodeElimination());

    /** More rounds than any graph needs; reaching it means a rule undoes another. */
    private static final int MAX_ROUNDS = 1000;

    private Passes() {
    }

    /** Told about every pass the pipeline runs, in order, with what it made. */
    @FunctionalInterface
    public interface Listener {
        /** {@code pass} ran in {@code round} (from 1) and made {@code step} (see {@link Rewritten#changed()}). */
        void ran(int round, GraphPass pass, Rewritten step);
    }

    /** The graph the pipeline makes of {@code graph}, keeping {@code roots} and every param and input. */
    public static Rewritten optimize(Graph graph, List<Node> roots) {
        return optimize(graph, roots, (round, pass, step) -> { });
    }

    /** As {@link #optimize(Graph, List)}, telling {@code listener} what each pass made (for IR dumps). */
    public static Rewritten optimize(Graph graph, List<Node> roots, Listener listener) {
        Rewritten total = null;
        Graph current = graph;
        List<Node> currentRoots = roots;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean changed = false;
            for (GraphPass pass : ROUND) {
                Rewritten step = pass.apply(current, currentRoots);
                listener.ran(round + 1, pass, step);
                total = total == null ? step : total.then(step);
                changed |= step.changed();
                current = step.graph();
                currentRoots = step.get(currentRoots);
            }
            if (!changed) {
                return total;
            }
        }
        throw new IllegalStateException("the graph passes did not settle after " + MAX_ROUNDS + " rounds");
    }
}
