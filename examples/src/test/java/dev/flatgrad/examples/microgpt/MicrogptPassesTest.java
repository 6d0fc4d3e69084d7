package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.CompiledGraph;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the graph passes do to the microgpt training program: the same training, bit for bit, with fewer nodes and
 * no more kernels (most of what they
 * remove was fused into kernels anyway: multiplications by 1, broadcasts of constants, repeated products). Prints
 * the counts the README quotes, for scalar code as the command line runs it (with the Vector API, 7 more kernels
 * copy transposed weights, with or without passes).
 */
class MicrogptPassesTest {
    private static final Pattern KERNELS = Pattern.compile("kernels: (\\d+) forward, (\\d+) backward");

    private record Counts(int graphNodes, int neededNodes, int forwardKernels, int backwardKernels) {
        static Counts of(ProgramSpec spec) {
            CompiledGraph compiled = spec.compiledGraph();
            List<Node> roots = new ArrayList<>(compiled.outputs().values());
            roots.addAll(compiled.gradients());
            Matcher kernels = KERNELS.matcher(Flatgrad.source(spec));
            assertTrue(kernels.find(), "the generated class names its kernels");
            return new Counts(compiled.graph().size(), reachable(compiled.graph(), roots),
                    Integer.parseInt(kernels.group(1)), Integer.parseInt(kernels.group(2)));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d graph nodes, %d needed, %d kernels (%d forward, %d backward)",
                    graphNodes, neededNodes, kernels(), forwardKernels, backwardKernels);
        }

        int kernels() {
            return forwardKernels + backwardKernels;
        }
    }

    @ParameterizedTest(name = "{0} documents per step")
    @ValueSource(ints = {1, 4})
    void thePassesLeaveFewerNodesAndNoMoreKernels(int documents) {
        Counts before = Counts.of(spec(documents, false));
        Counts after = Counts.of(spec(documents, true));
        System.out.println("microgpt, " + documents + " document(s) per step, without passes: " + before);
        System.out.println("microgpt, " + documents + " document(s) per step, with passes:    " + after);
        assertTrue(after.neededNodes() < before.neededNodes(), after + " against " + before);
        assertTrue(after.kernels() <= before.kernels(), after + " against " + before);
    }

    /** Adam steps on random documents: the same params, bit for bit, whether the passes ran or not. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void trainingIsBitIdenticalWithAndWithoutPasses(DType precision) {
        Program optimized = Flatgrad.compile(trainingSpec(precision, true));
        Program plain = Flatgrad.compile(trainingSpec(precision, false));
        SplittableRandom random = new SplittableRandom(7);
        Gpt gpt = new Gpt(GptConfig.MICROGPT);
        for (Node param : gpt.params()) {
            double[] values = random.doubles(param.shape().maxElements(), -0.1, 0.1).toArray();
            optimized.setParam(param.name(), values);
            plain.setParam(param.name(), values);
        }
        for (int step = 0; step < 20; step++) {
            int n = 2 + random.nextInt(GptConfig.MICROGPT.blockSize() - 1);
            int[] tokens = random.ints(n + 1, 0, GptConfig.MICROGPT.vocabSize()).toArray();
            for (Program p : List.of(optimized, plain)) {
                p.setLength(n).setInput("tokens", Arrays.copyOfRange(tokens, 0, n))
                        .setInput("targets", Arrays.copyOfRange(tokens, 1, n + 1));
                p.step(0.01);
            }
            assertEquals(Double.doubleToLongBits(plain.scalar("loss")), Double.doubleToLongBits(optimized.scalar("loss")));
        }
        for (Node param : gpt.params()) {
            assertArrayEquals(plain.param(param.name()), optimized.param(param.name()), param.name());
        }
    }

    private static ProgramSpec trainingSpec(DType precision, boolean optimize) {
        Gpt gpt = new Gpt(GptConfig.MICROGPT);
        return ProgramSpec.builder(gpt.graph()).className("MicroGpt").minimize(gpt.loss(), gpt.params())
                .optimizer(Optimizer.adam(Trainer.BETA1, Trainer.BETA2, Trainer.EPS)).precision(precision)
                .optimize(optimize).build();
    }

    private static ProgramSpec spec(int documents, boolean optimize) {
        Gpt gpt = new Gpt(GptConfig.MICROGPT, documents);
        return ProgramSpec.builder(gpt.graph()).className("MicroGpt").minimize(gpt.loss(), gpt.params())
                .optimizer(Optimizer.adam(Trainer.BETA1, Trainer.BETA2, Trainer.EPS)).vectorize(false).optimize(optimize).build();
    }

    private static int reachable(Graph graph, List<Node> roots) {
        boolean[] needed = new boolean[graph.size()];
        roots.forEach(root -> needed[root.id()] = true);
        int count = 0;
        for (int id = graph.size() - 1; id >= 0; id--) {
            if (needed[id]) {
                count++;
                graph.node(id).inputs().forEach(in -> needed[in.id()] = true);
            }
        }
        return count;
    }
}
