package dev.flatgrad.ops;

import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.EvaluationException;
import dev.flatgrad.interp.NDArray;

/** Reads int ids at evaluation time, rejecting any outside {@code [0, bound)}. */
final class Ids {
    private Ids() {
    }

    static int at(Node node, NDArray ids, int position, int bound) {
        double v = ids.get(position);
        int id = (int) v;
        if (id != v || id < 0 || id >= bound) {
            String idName = node.input(1).name() == null ? node.input(1).ref() : "'" + node.input(1).name() + "'";
            throw EvaluationException.at(node, "id " + v + " at position " + position + " of ids " + idName
                    + " is out of range [0, " + bound + ")");
        }
        return id;
    }
}
