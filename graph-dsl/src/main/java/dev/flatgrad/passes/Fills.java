package dev.flatgrad.passes;

import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.BroadcastTo;
import dev.flatgrad.ops.Constant;
import dev.flatgrad.ops.Reshape;
import dev.flatgrad.ops.StopGradient;
import dev.flatgrad.ops.Transpose;

/** Recognises values that are one number everywhere: fill constants, seen through views that only re-index them. */
final class Fills {
    private Fills() {
    }

    /** True when every element of {@code n} is {@code value}, bit for bit (so -0.0 is not 0.0). */
    static boolean isFillOf(Node n, double value) {
        Node x = n;
        while (isView(x)) {
            x = x.input(0);
        }
        return Constant.isFillOf(x, value);
    }

    private static boolean isView(Node n) {
        return n.op() instanceof BroadcastTo || n.op() instanceof Reshape || n.op() instanceof Transpose
                || n.op() instanceof StopGradient;
    }
}
