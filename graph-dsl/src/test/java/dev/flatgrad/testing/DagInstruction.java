package dev.flatgrad.testing;

import java.util.List;
import java.util.Locale;

/**
 * One step of a random DAG program: an op code (taken modulo the number of {@link DagOp}s, 0 being
 * the simplest) and a few small ints the op reads as {@link Choices} (operands, axes, sizes).
 */
public record DagInstruction(int op, List<Integer> args) {
    /** How many argument ints an instruction carries; ops that need more read zeros. */
    public static final int ARGS = 6;

    public DagInstruction {
        args = List.copyOf(args);
    }

    @Override
    public String toString() {
        return DagOp.of(op).name().toLowerCase(Locale.ROOT) + args;
    }
}
