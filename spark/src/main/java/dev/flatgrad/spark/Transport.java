package dev.flatgrad.spark;

import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * How the driver's params reach the tasks of a step: in the tasks' closure (Spark serializes a stage's closure
 * once and ships it to each executor), or as a broadcast variable of their own, destroyed after the step.
 */
public enum Transport {
    CLOSURE, BROADCAST;

    /** A value the tasks of one job read. */
    interface Shipment<T extends Serializable> extends Serializable {
        T value();

        /** Frees what the shipment holds on the executors, once its job is done. */
        void release();
    }

    <T extends Serializable> Shipment<T> ship(JavaSparkContext spark, T value) {
        return this == CLOSURE ? new InClosure<>(value) : new Broadcasted<>(spark.broadcast(value));
    }

    private record InClosure<T extends Serializable>(T value) implements Shipment<T> {
        @Override
        public void release() {
        }
    }

    private record Broadcasted<T extends Serializable>(Broadcast<T> broadcast) implements Shipment<T> {
        @Override
        public T value() {
            return broadcast.value();
        }

        @Override
        public void release() {
            broadcast.destroy();
        }
    }
}
