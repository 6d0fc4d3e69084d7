package dev.flatgrad.codegen.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.emission.BufferRole;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Leaf;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The graph a program is compiled from: optimised or as built, and with a buffer of its own for every gradient. */
class CompiledGraphTest {
    private final Graph g = new Graph();
    private final Node p = g.param("p", 3);
    private final Node q = g.param("q", 3);

    private ProgramSpec spec(Node loss, boolean optimize) {
        return ProgramSpec.builder(g).minimize(loss, List.of(p, q)).optimizer(Optimizer.adam(0.9, 0.99, 1e-8))
                .optimize(optimize).build();
    }

    @Test
    void thePassesCompileANewGraphWithTheSameInterface() {
        Node loss = p.mul(q).sum().named("loss");
        ProgramSpec optimized = spec(loss, true);
        assertTrue(optimized.optimize());
        assertNotSame(g, optimized.compiledGraph().graph());
        assertEquals(List.of("p", "q"), optimized.compiledGraph().trained().stream().map(Node::name).toList());
        assertEquals(List.of("loss"), List.copyOf(optimized.compiledGraph().outputs().keySet()));
        ProgramSpec plain = spec(loss, false);
        assertFalse(plain.optimize());
        assertSame(g, plain.compiledGraph().graph());
        assertSame(loss, plain.compiledGraph().loss());
    }

    @Test
    void theNumericsCheckCompilesTheGraphAsBuilt() {
        Node loss = p.mul(q).sum();
        ProgramSpec checked = ProgramSpec.builder(g).minimize(loss, List.of(p, q)).checkNumerics(true).build();
        assertFalse(checked.optimize());
        assertSame(g, checked.compiledGraph().graph());
    }

    /**
     * Once {@code ·1} is gone, d(p·q)/dp is q and d(p·q)/dq is p: leaves the optimizer updates. Each gradient
     * still gets a buffer of its own, so training matches the unoptimised program bit for bit.
     */
    @Test
    void aGradientThatIsAParamGetsABufferOfItsOwn() {
        Node loss = p.mul(q).sum().named("loss");
        assertOwnGradientBuffers(spec(loss, true));
        assertSameTraining(spec(loss, true), spec(loss, false));
    }

    /** d(p+q)/dp and d(p+q)/dq are one node; summing micro-batches into one shared buffer would count it twice. */
    @Test
    void gradientsThatAreOneNodeGetBuffersOfTheirOwn() {
        Node loss = p.add(q).square().sum().named("loss");
        for (boolean optimize : List.of(true, false)) {
            ProgramSpec spec = spec(loss, optimize);
            assertOwnGradientBuffers(spec);
            Program program = Flatgrad.compile(spec);
            init(program);
            program.forward();
            program.backward();
            try (DataParallelProgram parallel = DataParallelProgram.compile(spec, 1)) {
                init(parallel.primary());
                parallel.forwardBackward(2, (replica, index, microBatch) -> { });
                double[] twice = program.gradient("p").clone();
                for (int i = 0; i < twice.length; i++) {
                    twice[i] *= 2;
                }
                assertArrayEquals(twice, parallel.primary().gradient("p"));
                assertArrayEquals(twice, parallel.primary().gradient("q"));
            }
        }
    }

    private static void assertOwnGradientBuffers(ProgramSpec spec) {
        CompiledGraph compiled = spec.compiledGraph();
        Set<Node> seen = new HashSet<>(compiled.outputs().values());
        for (Node gradient : compiled.gradients()) {
            assertFalse(gradient.op() instanceof Leaf, gradient + " is a leaf");
            assertTrue(seen.add(gradient), gradient + " is shared");
        }
        Program program = Flatgrad.compile(spec);
        Object dp = program.array(BufferRole.GRADIENT, "p");
        Object dq = program.array(BufferRole.GRADIENT, "q");
        assertNotSame(dp, dq);
        for (Object param : List.of(program.array(BufferRole.PARAM, "p"), program.array(BufferRole.PARAM, "q"))) {
            assertNotSame(param, dp);
            assertNotSame(param, dq);
        }
    }

    private static void assertSameTraining(ProgramSpec a, ProgramSpec b) {
        Program first = Flatgrad.compile(a);
        Program second = Flatgrad.compile(b);
        init(first);
        init(second);
        for (int step = 0; step < 5; step++) {
            first.step(0.1);
            second.step(0.1);
        }
        assertArrayEquals(second.param("p"), first.param("p"));
        assertArrayEquals(second.param("q"), first.param("q"));
        assertArrayEquals(second.gradient("p"), first.gradient("p"));
    }

    private static void init(Program program) {
        program.setParam("p", new double[] {0.5, -1, 2}).setParam("q", new double[] {1.5, 0.25, -0.75});
    }
}
