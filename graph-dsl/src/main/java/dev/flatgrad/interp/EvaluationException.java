package dev.flatgrad.interp;

import dev.flatgrad.dsl.Node;

/** A graph could not be evaluated with the values given: unbound or unknown names, ids out of range. */
public class EvaluationException extends IllegalArgumentException {
    public EvaluationException(String message) {
        super(message);
    }

    /** An error raised while evaluating {@code node}: the message names the op, the node and where the user built it. */
    public static EvaluationException at(Node node, String problem) {
        String name = node.name() == null ? "" : " '" + node.name() + "'";
        return new EvaluationException(node.op().name() + ": " + problem + " (node " + node.ref() + name + " built at " + node.site() + ")");
    }
}
