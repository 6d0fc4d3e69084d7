package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.CompiledGraph;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the graph passes do to the microgpt training program: fewer nodes, and no more kernels (most of what they
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
