package dev.flatgrad.spark;

import java.io.Serializable;

/** Runs at the start of every task; the tests make a task fail with it, to see Spark retry it. */
@FunctionalInterface
interface TaskHook extends Serializable {
    TaskHook NONE = (partition, attempt) -> { };

    /** {@code attempt}: Spark's attempt number of this task, 0 for the first. */
    void beforeTask(int partition, int attempt);
}
