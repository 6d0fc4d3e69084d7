package dev.flatgrad.ops;

import dev.flatgrad.dsl.CallSite;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.GraphBuildException;
import dev.flatgrad.dsl.Node;

/** Operand checks shared by the op factories; each failure names the op and the user's line. */
final class Checks {
    private Checks() {
    }

    static GraphBuildException fail(String op, String problem) {
        return new GraphBuildException(op, problem, CallSite.capture());
    }

    static void requireFloating(String op, Node x) {
        if (!x.dtype().isFloating()) {
            throw fail(op, "expects a float operand (f64 or f32), got " + x.type());
        }
    }

    static void requireInt(String op, String role, Node x) {
        if (x.dtype() != DType.I32) {
            throw fail(op, role + " must be i32, got " + x.type());
        }
    }

    static void requireSameDtype(String op, Node a, Node b) {
        if (a.dtype() != b.dtype()) {
            throw fail(op, "operand dtypes differ: " + a.type() + " vs " + b.type());
        }
    }

    /** Accepts {@code -rank <= axis < rank} and returns the non-negative axis. */
    static int axis(String op, Node x, int axis) {
        int r = x.rank();
        if (axis < -r || axis >= r) {
            throw fail(op, "axis " + axis + " is out of range for " + x.type() + " (rank " + r + ")");
        }
        return axis < 0 ? axis + r : axis;
    }
}
