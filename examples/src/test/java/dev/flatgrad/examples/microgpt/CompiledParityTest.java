package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.JavacCheck;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiled microgpt program: against microgpt.py's first step, the interpreter, and the JIT's limits. */
class CompiledParityTest {
    private final MicrogptReference ref = MicrogptReference.load();
    private final Gpt gpt = new Gpt(GptConfig.MICROGPT);
    private final ProgramSpec spec = ProgramSpec.builder(gpt.graph()).className("MicroGpt")
            .output(gpt.logits()).minimize(gpt.loss(), gpt.params()).optimizer(Optimizer.adam(0.85, 0.99, 1e-8)).build();
    private final int n = ref.n(gpt.config().blockSize());

    private Program loadFirstDocument() {
        Program p = Flatgrad.compile(spec);
        p.setLength(n).setInput("tokens", Arrays.copyOfRange(ref.tokens(), 0, n))
                .setInput("targets", Arrays.copyOfRange(ref.tokens(), 1, n + 1));
        for (Node param : gpt.params()) {
            p.setParam(param.name(), ref.params().get(param.name()));
        }
        return p;
    }

    @Test
    void lossAndGradientsMatchMicrogpt() {
        Program p = loadFirstDocument();
        p.forward();
        p.backward();
        assertEquals(ref.loss(), p.scalar("loss"), 1e-12 * ref.loss());
        for (Node param : gpt.params()) {
            double[] expected = ref.grads().get(param.name());
            double[] actual = p.gradient(param.name());
            for (int i = 0; i < expected.length; i++) {
                assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-9 * Math.abs(expected[i]) + 1e-15,
                        param.name() + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    @Test
    void lossLogitsAndGradientsMatchTheInterpreter() {
        Program p = loadFirstDocument();
        p.forward();
        p.backward();
        Bindings b = new Bindings().dim("T", n)
                .bindInts("tokens", Arrays.copyOfRange(ref.tokens(), 0, n), n)
                .bindInts("targets", Arrays.copyOfRange(ref.tokens(), 1, n + 1), n);
        for (Node param : gpt.params()) {
            b.bind(param.name(), ref.params().get(param.name()), param.shape().resolve(java.util.Map.of()));
        }
        List<Node> nodes = new ArrayList<>(List.of(gpt.loss(), gpt.logits()));
        nodes.addAll(spec.gradients());
        List<NDArray> expected = Interpreter.evaluate(b, nodes);
        assertClose(expected.get(0).data(), new double[] {p.scalar("loss")}, "loss");
        assertClose(expected.get(1).data(), p.output("logits"), "logits");
        for (int i = 0; i < gpt.params().size(); i++) {
            String name = gpt.params().get(i).name();
            assertClose(expected.get(i + 2).data(), p.gradient(name), "d " + name);
        }
    }

    @Test
    void everyGeneratedMethodStaysUnderTheJitLimit() {
        Program p = Flatgrad.compile(spec);
        assertTrue(p.largestMethodBytes() < 8000, "largest method: " + p.largestMethodBytes() + " bytes");
    }

    @Test
    void dumpedSourceCompilesWithJavac(@TempDir Path dir) {
        Gpt fresh = new Gpt(GptConfig.MICROGPT);
        ProgramSpec dumped = ProgramSpec.builder(fresh.graph()).className("MicroGptDump").minimize(fresh.loss(), fresh.params())
                .optimizer(Optimizer.adam(0.85, 0.99, 1e-8)).dumpSources(dir).build();
        Flatgrad.compile(dumped);
        JavacCheck.assertCompiles(dir.resolve("dev/flatgrad/generated/MicroGptDump.java"), dir.resolve("classes"));
    }

    /**
     * Steady state allocates nothing. Until C2 has compiled the kernels the JVM may allocate (vector
     * code boxes its vectors in the interpreter), so after a warm-up this measures windows of 1,000
     * steps until one is free of allocation, giving the JIT up to a minute to finish.
     */
    @Test
    void trainingStepsAllocateNothing() {
        Program p = loadFirstDocument();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int[] tokens = Arrays.copyOfRange(ref.tokens(), 0, n);
        int[] targets = Arrays.copyOfRange(ref.tokens(), 1, n + 1);
        for (int i = 0; i < 10_000; i++) {
            p.step(1e-4);
        }
        long allocated = -1;
        long deadline = System.nanoTime() + 60_000_000_000L; // generous: a busy CI machine compiles slowly
        while (allocated != 0 && System.nanoTime() < deadline) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 1_000; i++) {
                p.setLength(n).setInput("tokens", tokens).setInput("targets", targets);
                p.step(1e-4);
                p.scalar("loss");
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertEquals(0, allocated, "bytes allocated by 1,000 training steps after warm-up");
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-12 * Math.abs(expected[i]) + 1e-15;
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance, what + "[" + i + "]: interpreter " + expected[i]
                    + ", compiled " + actual[i]);
        }
    }
}
