package dev.flatgrad.codegen.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.emission.BufferRole;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.testing.GeneratedCase;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Compiles a generated case and compares the program's loss and gradients with the reference
 * interpreter's, at the case's symbolic size and at the smallest and largest sizes.
 *
 * <p>Tolerance: an element passes when {@code |compiled - interpreter| <= tol * max(|interpreter|,
 * largest magnitude in that tensor, 1)}: an element that cancels to near zero is judged against the
 * scale of the values that cancelled (generated values are of order 1), not against itself.
 */
final class CompiledCheck {
    private CompiledCheck() {
    }

    static void assertMatchesInterpreter(GeneratedCase c, DType precision, double tolerance) {
        assertMatchesInterpreter(c, spec(c, precision), tolerance);
    }

    /** As {@link #assertMatchesInterpreter(GeneratedCase, DType, double)}, for a spec of the case's loss and params. */
    static void assertMatchesInterpreter(GeneratedCase c, ProgramSpec spec, double tolerance) {
        DType precision = spec.precision();
        Program program = Flatgrad.compile(spec);
        runAtCheckedSizes(c, program, (size, bindings) -> {
            List<Node> nodes = new ArrayList<>(List.of(c.loss()));
            nodes.addAll(spec.gradients());
            List<NDArray> expected = Interpreter.evaluate(bindings, nodes);
            String context = precision + (spec.vectorize() ? "" : " (scalar code)") + " at size " + size + "\n" + c;
            assertClose(expected.get(0).data(), new double[] {program.scalar(lossName(program))}, tolerance, "loss", context);
            for (int i = 0; i < c.params().size(); i++) {
                String name = c.params().get(i).name();
                assertClose(expected.get(i + 1).data(), program.gradient(name), tolerance, "d loss/d " + name, context);
            }
        });
    }

    /** The program that minimizes the case's loss over its params, in the given precision. */
    static ProgramSpec spec(GeneratedCase c, DType precision) {
        return builder(c, precision).build();
    }

    static ProgramSpec.Builder builder(GeneratedCase c, DType precision) {
        return ProgramSpec.builder(c.graph()).minimize(c.loss(), c.params()).precision(precision);
    }

    /**
     * Binds the case at its symbolic size and at the smallest and largest sizes, runs forward and
     * backward at each, and hands the size and its bindings to {@code check}.
     */
    static void runAtCheckedSizes(GeneratedCase c, Program program, BiConsumer<Integer, Bindings> check) {
        TreeSet<Integer> sizes = new TreeSet<>();
        sizes.add(Math.max(1, c.symbolSize()));
        c.symbol().ifPresent(d -> {
            sizes.add(1);
            sizes.add(d.max());
        });
        for (int size : sizes) {
            Bindings bindings = c.symbol().isPresent() ? c.bindingsAt(size) : c.bindings();
            bind(program, bindings, size);
            program.forward();
            program.backward();
            check.accept(size, bindings);
        }
    }

    private static String lossName(Program program) {
        List<String> outputs = program.names(BufferRole.OUTPUT);
        assertEquals(1, outputs.size(), "the case's loss is the only output");
        return outputs.get(0);
    }

    static void bind(Program program, Bindings bindings, int size) {
        program.setLength(program.symbol() == null ? 1 : size);
        List<String> params = program.names(BufferRole.PARAM);
        List<String> inputs = program.names(BufferRole.INPUT);
        bindings.values().forEach((name, value) -> {
            if (params.contains(name)) {
                program.setParam(name, value.data());
            } else if (inputs.contains(name)) {
                if (value.dtype().isFloating()) {
                    program.setInput(name, value.data());
                } else {
                    int[] ids = new int[value.size()];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = (int) value.get(i);
                    }
                    program.setInput(name, ids);
                }
            }
        });
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance, String what, String context) {
        assertEquals(expected.length, actual.length, what + " size\n" + context);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double allowed = tolerance * Math.max(Math.max(Math.abs(expected[i]), scale), 1.0);
            double error = Math.abs(expected[i] - actual[i]);
            int at = i;
            assertTrue(error <= allowed || expected[i] == actual[i], () -> what + "[" + at + "]: interpreter " + expected[at]
                    + ", compiled " + actual[at] + " (error " + error + ", allowed " + allowed + ")\n" + context);
        }
    }
}
