package dev.flatgrad.spark;

import java.io.Serializable;

/** A partition's part of a step: its share of the batch loss and of the batch gradient (flat, {@link ParamLayout}). */
record PartitionGradient(int partition, double loss, double[] gradient) implements Serializable {
}
