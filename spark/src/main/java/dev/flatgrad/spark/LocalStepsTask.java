package dev.flatgrad.spark;

import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.examples.microgpt.TrainOptions;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * A parameter-averaging round's task: from the driver's params and Adam state, {@code steps} local steps on the
 * partition's share of each step's batch (Adam applied on the executor, the run's learning-rate schedule).
 */
final class LocalStepsTask implements Function2<Integer, Iterator<Integer>, Iterator<PartitionState>> {
    private final RunSpec run;
    private final int partitions;
    private final int firstStep;
    private final int steps;
    private final Broadcast<int[][]> documents;
    private final Transport.Shipment<ModelState> start;
    private final TaskHook hook;

    LocalStepsTask(RunSpec run, int partitions, int firstStep, int steps, Broadcast<int[][]> documents,
                   Transport.Shipment<ModelState> start, TaskHook hook) {
        this.run = run;
        this.partitions = partitions;
        this.firstStep = firstStep;
        this.steps = steps;
        this.documents = documents;
        this.start = start;
        this.hook = hook;
    }

    @Override
    public Iterator<PartitionState> call(Integer partition, Iterator<Integer> ignored) {
        hook.beforeTask(partition, TaskContext.get().attemptNumber());
        ShardWorker worker = ExecutorPrograms.borrow(run.programKey());
        try {
            Program program = worker.program();
            ParamLayout layout = worker.layout();
            start.value().writeInto(program, layout);
            TrainOptions options = run.options();
            Shards.Shard shard = Shards.of(run.batch(), partitions, partition);
            double[] losses = new double[steps];
            for (int i = 0; i < steps; i++) {
                int step = firstStep + i;
                losses[i] = worker.step(documents.value(), step, run.batch(), shard, options.learningRateAt(step));
            }
            return List.of(new PartitionState(partition, shard.count(), losses, ModelState.of(program, layout))).iterator();
        } finally {
            ExecutorPrograms.giveBack(worker);
        }
    }
}
