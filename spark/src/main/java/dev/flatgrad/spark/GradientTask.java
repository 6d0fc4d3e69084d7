package dev.flatgrad.spark;

import dev.flatgrad.codegen.runtime.Program;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/** A synchronous step's task: the gradient of one partition's share of the batch, at the driver's params. */
final class GradientTask implements Function2<Integer, Iterator<Integer>, Iterator<PartitionGradient>> {
    private final RunSpec run;
    private final int partitions;
    private final int step;
    private final Broadcast<int[][]> documents;
    private final Transport.Shipment<double[]> params;
    private final TaskHook hook;

    GradientTask(RunSpec run, int partitions, int step, Broadcast<int[][]> documents,
                 Transport.Shipment<double[]> params, TaskHook hook) {
        this.run = run;
        this.partitions = partitions;
        this.step = step;
        this.documents = documents;
        this.params = params;
        this.hook = hook;
    }

    @Override
    public Iterator<PartitionGradient> call(Integer partition, Iterator<Integer> ignored) {
        hook.beforeTask(partition, TaskContext.get().attemptNumber());
        ShardWorker worker = ExecutorPrograms.borrow(run.programKey());
        try {
            Program program = worker.program();
            ParamLayout layout = worker.layout();
            layout.setParams(program, params.value());
            double loss = worker.gradient(documents.value(), step, run.batch(), Shards.of(run.batch(), partitions, partition));
            return List.of(new PartitionGradient(partition, loss, layout.gradients(program))).iterator();
        } finally {
            ExecutorPrograms.giveBack(worker);
        }
    }
}
