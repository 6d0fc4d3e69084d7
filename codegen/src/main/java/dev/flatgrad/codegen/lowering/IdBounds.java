package dev.flatgrad.codegen.lowering;

import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Concat;
import dev.flatgrad.ops.GatherLast;
import dev.flatgrad.ops.GatherRows;
import dev.flatgrad.ops.Iota;
import dev.flatgrad.ops.Leaf;
import dev.flatgrad.ops.ScatterAddLast;
import dev.flatgrad.ops.ScatterAddRows;
import java.util.Map;
import java.util.TreeMap;

/**
 * The range each int input must stay in: generated kernels index tables with ids directly, so the
 * runtime checks ids once when they are bound instead of on every access. Ids that are positions
 * (iota) are checked here, at compile time, against their largest possible value.
 */
public final class IdBounds {
    private IdBounds() {
    }

    /** Input name to the exclusive upper bound of its values, for every int input used as ids. */
    public static Map<String, Integer> of(Plan plan) {
        Map<String, Integer> bounds = new TreeMap<>();
        for (Node n : plan.neededNodes()) {
            Object op = n.op();
            int bound;
            if (op instanceof GatherRows) {
                bound = n.input(0).shape().dim(0).max();
            } else if (op instanceof GatherLast) {
                bound = n.input(0).shape().dim(n.input(0).rank() - 1).max();
            } else if (op instanceof ScatterAddRows s) {
                bound = s.rows();
            } else if (op instanceof ScatterAddLast s) {
                bound = s.size();
            } else {
                continue;
            }
            constrain(n, n.input(1), bound, bounds);
        }
        return bounds;
    }

    private static void constrain(Node user, Node ids, int bound, Map<String, Integer> bounds) {
        if (Leaf.isInput(ids)) {
            bounds.merge(ids.name(), bound, Math::min);
        } else if (ids.op() instanceof Iota) {
            int largest = ids.shape().dim(((Iota) ids.op()).axis()).max() - 1;
            if (largest >= bound) {
                throw new IllegalArgumentException(user.op().name() + " at " + user.site() + " takes positions up to "
                        + largest + " from " + ids + " but its table has only " + bound + " entries");
            }
        } else if (ids.op() instanceof Concat) {
            ids.inputs().forEach(in -> constrain(user, in, bound, bounds));
        } else if (ids.inputs().size() == 1) {
            constrain(user, ids.input(0), bound, bounds); // a view: reshape, transpose, broadcast, slice
        } else {
            throw new IllegalArgumentException(user.op().name() + " at " + user.site() + " takes ids from " + ids
                    + ", which codegen cannot range-check; feed ids from an input or iota");
        }
    }
}
