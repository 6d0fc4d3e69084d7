package dev.flatgrad.codegen.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.TestGraphs.Classifier;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramTest {
    private static Program load(Classifier c, Program p) {
        return p.setLength(3).setInput("x", Classifier.X).setInput("labels", Classifier.LABELS)
                .setParam("w1", Classifier.W1).setParam("w2", Classifier.W2);
    }

    @Test
    void forwardAndBackwardMatchTheInterpreter() {
        Classifier c = new Classifier();
        ProgramSpec spec = c.spec(Optimizer.none(), DType.F64);
        Program p = load(c, Flatgrad.compile(spec));
        p.forward();
        p.backward();
        List<NDArray> ref = Interpreter.evaluate(c.bindings(),
                List.of(c.loss, c.logits, spec.gradients().get(0), spec.gradients().get(1)));
        assertEquals(ref.get(0).item(), p.scalar("loss"), 1e-15);
        assertArrayEquals(ref.get(1).data(), p.output("logits"), 1e-15);
        assertArrayEquals(ref.get(2).data(), p.gradient("w1"), 1e-15);
        assertArrayEquals(ref.get(3).data(), p.gradient("w2"), 1e-15);
    }

    @Test
    void float32ProgramsAgreeToFloatPrecision() {
        Classifier c = new Classifier();
        ProgramSpec spec = c.spec(Optimizer.none(), DType.F32);
        Program p = load(c, Flatgrad.compile(spec));
        assertTrue(p.source().contains("float[] w1 = new float[12];"), "f32 programs keep float buffers");
        p.forward();
        p.backward();
        List<NDArray> ref = Interpreter.evaluate(c.bindings(), List.of(c.loss, spec.gradients().get(0)));
        assertEquals(ref.get(0).item(), p.scalar("loss"), 1e-6);
        assertArrayEquals(ref.get(1).data(), p.gradient("w1"), 1e-6);
    }

    @Test
    void floatInputsBindToDoubleAndFloatPrograms() {
        float[] xs = new float[Classifier.X.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) Classifier.X[i];
        }
        for (DType precision : List.of(DType.F64, DType.F32)) {
            Classifier c = new Classifier();
            Program fromFloats = load(c, Flatgrad.compile(c.spec(Optimizer.none(), precision))).setInput("x", xs);
            Program fromDoubles = load(c, Flatgrad.compile(c.spec(Optimizer.none(), precision)));
            double[] narrowed = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                narrowed[i] = xs[i];
            }
            fromDoubles.setInput("x", narrowed);
            fromFloats.forward();
            fromDoubles.forward();
            assertEquals(fromDoubles.scalar("loss"), fromFloats.scalar("loss"), 0.0, precision.toString());
        }
    }

    @Test
    void sgdStepMovesParamsAgainstTheGradient() {
        Classifier c = new Classifier();
        Program p = load(c, Flatgrad.compile(c.spec(Optimizer.sgd(), DType.F64)));
        p.forward();
        p.backward();
        double[] g = p.gradient("w2");
        p.update(0.5);
        double[] w = p.param("w2");
        for (int i = 0; i < w.length; i++) {
            assertEquals(Classifier.W2[i] - 0.5 * g[i], w[i], 0.0);
        }
    }

    @Test
    void identicalSpecsShareOneCompiledClass() {
        Program a = Flatgrad.compile(new Classifier().spec(Optimizer.none(), DType.F64));
        Program b = Flatgrad.compile(new Classifier().spec(Optimizer.none(), DType.F64));
        assertEquals(a.source(), b.source());
        assertSame(a.generatedClass(), b.generatedClass(), "the second compile came from the cache");
    }

    @Test
    void badRuntimeInputGetsClearErrors() {
        Classifier c = new Classifier();
        Program p = Flatgrad.compile(c.spec(Optimizer.none(), DType.F64));
        p.setLength(3);
        assertMessage(() -> p.setLength(9), "T = 9 is outside [1, 8]");
        assertMessage(() -> p.setInput("x", new double[8]), "input 'x' of shape [T,3] takes 9 values at length 3, got 8");
        assertMessage(() -> p.setInput("labels", new int[] {0, 2, 1}), "input 'labels': id 2 at position 1 is out of range [0, 2)");
        assertMessage(() -> p.setInput("nope", new double[1]), "no input named 'nope'; this program has [x, labels]");
        assertMessage(() -> p.setInput("labels", new double[3]), "holds int ids; pass an int[]");
        assertMessage(() -> p.setParam("w1", new double[] {0, 0, 0, 0, Double.NaN, 0, 0, 0, 0, 0, 0, 0}), "param 'w1' gets NaN at index 4");
        assertMessage(() -> p.scalar("logits"), "output 'logits' is f64[T,2], not a scalar");
        IllegalStateException noForward = assertThrows(IllegalStateException.class, p::backward);
        assertTrue(noForward.getMessage().contains("backward() needs forward() first"));
        IllegalStateException noOptimizer = assertThrows(IllegalStateException.class, () -> p.update(0.1));
        assertTrue(noOptimizer.getMessage().contains("without an optimizer"));
    }

    @Test
    void paramsSaveAndLoadWithChecks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Classifier c = new Classifier();
        Program p = load(c, Flatgrad.compile(c.spec(Optimizer.none(), DType.F64)));
        java.nio.file.Path file = dir.resolve("params.bin");
        p.saveParams(file);
        Program fresh = Flatgrad.compile(new Classifier().spec(Optimizer.none(), DType.F64));
        fresh.loadParams(file);
        assertArrayEquals(Classifier.W1, fresh.param("w1"), 0.0);
        assertArrayEquals(Classifier.W2, fresh.param("w2"), 0.0);

        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        java.nio.file.Path corrupted = dir.resolve("corrupted.bin");
        java.nio.file.Files.write(corrupted, bytes);
        Program untouched = Flatgrad.compile(new Classifier().spec(Optimizer.none(), DType.F64));
        untouched.setParam("w1", Classifier.W1).setParam("w2", Classifier.W2);
        assertMessage(() -> untouched.loadParams(corrupted), "corrupted");
        java.nio.file.Path truncated = dir.resolve("truncated.bin");
        java.nio.file.Files.write(truncated, java.util.Arrays.copyOf(bytes, 20));
        assertMessage(() -> untouched.loadParams(truncated), "truncated");
        assertArrayEquals(Classifier.W1, untouched.param("w1"), 0.0);
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable action, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
    }
}
