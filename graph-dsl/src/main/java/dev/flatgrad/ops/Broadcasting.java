package dev.flatgrad.ops;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** numpy broadcasting rules over static shapes, applied by inserting explicit broadcast_to nodes. */
final class Broadcasting {
    private Broadcasting() {
    }

    /** The common shape of the operands, or a build error naming the op and all operand types. */
    static Shape commonShape(String op, Node... operands) {
        int rank = Arrays.stream(operands).mapToInt(Node::rank).max().orElse(0);
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            Dim result = null;
            for (Node x : operands) {
                int axis = i - (rank - x.rank());
                if (axis < 0) {
                    continue;
                }
                Dim d = x.shape().dim(axis);
                if (result == null || result.isOne()) {
                    result = d;
                } else if (!d.isOne() && !d.equals(result)) {
                    throw Checks.fail(op, "shapes cannot be broadcast together: " + types(operands)
                            + " (dimension " + (i - rank) + ": " + result + " vs " + d + ")");
                }
            }
            out.add(result);
        }
        return Shape.of(out);
    }

    /** Each operand broadcast to the common shape (unchanged where it already has it). */
    static List<Node> broadcastAll(String op, Node... operands) {
        Shape shape = commonShape(op, operands);
        List<Node> out = new ArrayList<>();
        for (Node x : operands) {
            out.add(x.shape().equals(shape) ? x : x.broadcastTo(shape));
        }
        return out;
    }

    private static String types(Node... operands) {
        StringBuilder sb = new StringBuilder();
        for (Node x : operands) {
            sb.append(sb.length() == 0 ? "" : " and ").append(x.type());
        }
        return sb.toString();
    }
}
