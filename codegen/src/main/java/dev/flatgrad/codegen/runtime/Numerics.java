package dev.flatgrad.codegen.runtime;

/**
 * How a program may round. {@link #EXACT}: the same operations in the same order as the scalar reference, so
 * results are bit-identical to it whatever vector width the machine has (and microgpt.py's numbers are kept).
 * {@link #FAST}: fused multiply-adds, vector exp and log, sums in any order; results agree with the reference
 * to rounding (checked with tolerances), and may differ between machines.
 */
public enum Numerics {
    EXACT,
    FAST
}
