package dev.flatgrad.testing;

import java.util.List;

/**
 * A random DAG as plain data: header ints (symbol, first param's shape and domain), the
 * instructions, and the seed of the leaf values. Property engines generate and shrink this;
 * {@link RandomDags#build} turns it into a case.
 */
public record DagProgram(List<Integer> header, List<DagInstruction> instructions, long valueSeed) {
    /** How many header ints {@link RandomDags} reads. */
    public static final int HEADER = 8;

    public DagProgram {
        header = List.copyOf(header);
        instructions = List.copyOf(instructions);
    }
}
