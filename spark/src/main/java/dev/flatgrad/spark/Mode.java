package dev.flatgrad.spark;

/** How partitions train together. */
public enum Mode {
    /** Every step: each partition's gradient, summed in partition order, one Adam update on the driver. */
    SYNC,
    /**
     * Parameter averaging: each partition trains alone for K steps (its own Adam), then params and Adam moments
     * are averaged across partitions; one round trip per K steps.
     */
    AVERAGE
}
