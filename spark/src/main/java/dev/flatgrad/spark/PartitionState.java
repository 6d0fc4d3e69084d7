package dev.flatgrad.spark;

import java.io.Serializable;

/**
 * A partition after its local steps: the mean loss over its documents at each step, and where its params and Adam
 * state ended.
 */
record PartitionState(int partition, int documents, double[] losses, ModelState state) implements Serializable {
}
