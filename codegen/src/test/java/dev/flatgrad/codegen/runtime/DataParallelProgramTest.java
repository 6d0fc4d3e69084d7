package dev.flatgrad.codegen.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.nn.Nn;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Data-parallel steps: the summed gradients and the params after several steps are bit-identical for 1, 2 and 3
 * threads, and equal to computing the micro-batches one after another on one program and summing their gradients
 * in order; a failure on a worker thread reaches the caller.
 */
class DataParallelProgramTest {
    private static final int MICRO_BATCHES = 5;
    private static final int ROWS = 6;

    private final Graph graph = new Graph();
    private final Node loss;
    private final List<Node> params;

    DataParallelProgramTest() {
        Dim t = graph.symbol("T", ROWS);
        Node x = graph.input("x", DType.F64, Shape.of(t, 3));
        Node labels = graph.input("labels", DType.I32, Shape.of(t));
        Node w1 = graph.param("w1", 8, 3);
        Node w2 = graph.param("w2", 4, 8);
        loss = Nn.crossEntropy(Nn.linear(Nn.linear(x, w1).relu(), w2), labels).mul(0.2).named("loss");
        params = List.of(w1, w2);
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        for (DType precision : List.of(DType.F64, DType.F32)) {
            for (Numerics numerics : Numerics.values()) {
                double[][] reference = null;
                for (int threads = 1; threads <= 3; threads++) {
                    double[][] params = train(threads, precision, numerics);
                    if (reference == null) {
                        reference = params;
                    } else {
                        for (int p = 0; p < params.length; p++) {
                            assertArrayEquals(reference[p], params[p], precision + " " + numerics + ", " + threads + " threads");
                        }
                    }
                }
            }
        }
    }

    @Test
    void theGradientIsTheSumOverMicroBatchesInOrder() {
        ProgramSpec spec = spec(DType.F64, Numerics.EXACT);
        try (DataParallelProgram parallel = DataParallelProgram.compile(spec, 2)) {
            init(parallel.primary());
            double loss = parallel.forwardBackward(MICRO_BATCHES, (replica, index, mb) -> feed(replica, mb, 0));
            Program single = Flatgrad.compile(spec);
            init(single);
            double expectedLoss = 0;
            double[][] expected = new double[params.size()][];
            for (int mb = 0; mb < MICRO_BATCHES; mb++) {
                feed(single, mb, 0);
                single.forward();
                single.backward();
                expectedLoss += single.scalar("loss");
                for (int p = 0; p < params.size(); p++) {
                    double[] g = single.gradient(params.get(p).name());
                    if (expected[p] == null) {
                        expected[p] = g;
                    } else {
                        for (int i = 0; i < g.length; i++) {
                            expected[p][i] += g[i];
                        }
                    }
                }
            }
            assertEquals(expectedLoss, loss);
            for (int p = 0; p < params.size(); p++) {
                assertArrayEquals(expected[p], parallel.primary().gradient(params.get(p).name()));
            }
        }
    }

    @Test
    void aFailureOnAWorkerReachesTheCaller() {
        try (DataParallelProgram parallel = DataParallelProgram.compile(spec(DType.F64, Numerics.EXACT), 2)) {
            init(parallel.primary());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> parallel.step(MICRO_BATCHES, (replica, index, mb) -> {
                        if (mb == 1) {
                            replica.setInput("labels", new int[] {9, 9}); // the wrong count, on worker 1
                        }
                        feed(replica, mb, 0);
                    }, 0.01));
            assertTrue(e.getMessage().contains("labels"), e.getMessage());
            // and it still works afterwards
            parallel.step(MICRO_BATCHES, (replica, index, mb) -> feed(replica, mb, 0), 0.01);
        }
    }

    private double[][] train(int threads, DType precision, Numerics numerics) {
        try (DataParallelProgram parallel = DataParallelProgram.compile(spec(precision, numerics), threads)) {
            init(parallel.primary());
            for (int step = 0; step < 4; step++) {
                int s = step;
                parallel.step(MICRO_BATCHES, (replica, index, mb) -> feed(replica, mb, s), 0.05);
            }
            double[][] out = new double[params.size()][];
            for (int p = 0; p < params.size(); p++) {
                out[p] = parallel.primary().param(params.get(p).name());
            }
            return out;
        }
    }

    private ProgramSpec spec(DType precision, Numerics numerics) {
        return ProgramSpec.builder(graph).className("Parallel").minimize(loss, params)
                .optimizer(Optimizer.adam(0.9, 0.99, 1e-8)).precision(precision).numerics(numerics).build();
    }

    private void init(Program p) {
        Random random = new Random(1);
        for (Node param : params) {
            double[] v = new double[(int) param.shape().maxElements()];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextGaussian() * 0.5;
            }
            p.setParam(param.name(), v);
        }
    }

    /** Micro-batch mb of step s: 2 to 6 rows of inputs that depend on both. */
    private static void feed(Program p, int mb, int step) {
        Random random = new Random(31L * step + mb);
        int rows = 2 + (mb + step) % 5;
        double[] x = new double[rows * 3];
        int[] labels = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(4);
        }
        p.setLength(rows).setInput("x", x).setInput("labels", labels);
    }
}
