package dev.flatgrad.examples.microgpt;

import java.nio.file.Path;

/**
 * How a trainer's program is compiled and run: where to write its generated source and where the IR of every
 * compilation stage with the lowering plan and compile report (null: nowhere), whether it
 * checks every node's values for NaN and new infinities (slower; names the node where a divergence starts), and on
 * how many threads a batch's documents are computed (results do not depend on it).
 */
public record ProgramOptions(Path dumpSources, Path dumpIr, boolean checkNumerics, int threads) {
    /** No dumps, no checks, one thread per core. */
    public static final ProgramOptions DEFAULT = new ProgramOptions(null, null, false, Runtime.getRuntime().availableProcessors());

    public ProgramOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
    }
}
