package dev.flatgrad.examples.microgpt;

import java.nio.file.Path;

/**
 * How a trainer's program is compiled: where to write its generated source (null: nowhere), and whether it
 * checks every node's values for NaN and new infinities (slower; names the node where a divergence starts).
 */
public record ProgramOptions(Path dumpSources, boolean checkNumerics) {
    /** No source dump, no checks. */
    public static final ProgramOptions DEFAULT = new ProgramOptions(null, false);
}
