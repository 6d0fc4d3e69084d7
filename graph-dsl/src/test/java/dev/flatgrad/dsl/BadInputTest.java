package dev.flatgrad.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.EvaluationException;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every kind of bad input gives an error naming the op, the operand types and the user's line. */
class BadInputTest {
    private static final String HERE = "BadInputTest.java:";
    private final Graph g = new Graph();

    @Test
    void matmulInnerDimensionMismatch() {
        Node a = g.param("a", 2, 3);
        Node b = g.param("b", 4, 5);
        assertMessage(GraphBuildException.class, () -> a.matmul(b), "matmul", "inner dimensions differ", "f64[2,3]", "f64[4,5]", HERE);
    }

    @Test
    void matmulRankMismatch() {
        Node a = g.param("a", 2, 3, 4);
        Node b = g.param("b", 4, 5);
        assertMessage(GraphBuildException.class, () -> a.matmul(b), "matmul", "ranks differ", "f64[2,3,4]", "f64[4,5]", HERE);
    }

    @Test
    void shapesThatDoNotBroadcast() {
        Node a = g.param("a", 3, 4);
        Node b = g.param("b", 5);
        assertMessage(GraphBuildException.class, () -> a.add(b), "add", "cannot be broadcast", "f64[3,4]", "f64[5]", HERE);
    }

    @Test
    void axisOutOfRange() {
        Node a = g.param("a", 3, 4);
        assertMessage(GraphBuildException.class, () -> a.sum(2, false), "sum", "axis 2 is out of range", "f64[3,4]", HERE);
        assertMessage(GraphBuildException.class, () -> a.max(-3, true), "max", "axis -3", HERE);
    }

    @Test
    void reshapeToADifferentSize() {
        Node a = g.param("a", 3, 4);
        assertMessage(GraphBuildException.class, () -> a.reshape(5, 2), "reshape", "f64[3,4]", "[5,2]", HERE);
    }

    @Test
    void intWhereFloatExpected() {
        Node ids = g.input("ids", DType.I32, 4);
        assertMessage(GraphBuildException.class, () -> ids.exp(), "exp", "float operand", "i32[4]", HERE);
        Node x = g.param("x", 4);
        assertMessage(GraphBuildException.class, () -> x.add(ids), "add", "i32[4]", HERE);
    }

    @Test
    void floatWhereIntExpected() {
        Node table = g.param("table", 5, 3);
        Node ids = g.input("ids", DType.F64, 4);
        assertMessage(GraphBuildException.class, () -> table.gatherRows(ids), "gather_rows", "ids must be i32", "f64[4]", HERE);
    }

    @Test
    void mixedFloatDtypes() {
        Node a = g.param("a", DType.F32, Shape.of(3));
        Node b = g.param("b", 3);
        assertMessage(GraphBuildException.class, () -> a.mul(b), "mul", "dtypes differ", "f32[3]", "f64[3]", HERE);
    }

    @Test
    void gradOfANonScalar() {
        Node a = g.param("a", 3);
        Node y = a.exp();
        assertMessage(GraphBuildException.class, () -> Autodiff.grad(y, a), "grad", "must be a scalar", "f64[3]", HERE);
    }

    @Test
    void duplicateLeafNames() {
        g.param("w", 3);
        assertMessage(GraphBuildException.class, () -> g.input("w", DType.F64, 3), "input", "'w' is already used", HERE);
    }

    @Test
    void unboundInputAtEvaluation() {
        Node x = g.input("x", DType.F64, 3);
        Node y = x.exp().sum();
        assertMessage(EvaluationException.class, () -> Interpreter.evaluate(y, new Bindings()),
                "input", "'x' is not bound", "f64[3]", HERE);
    }

    @Test
    void unknownNameAtEvaluation() {
        Node x = g.input("x", DType.F64, 3);
        Bindings b = new Bindings().bind("x", new double[] {1, 2, 3}, 3).bind("y", new double[] {1}, 1);
        assertMessage(EvaluationException.class, () -> Interpreter.evaluate(x.sum(), b), "no param or input named 'y'", "[x]");
    }

    @Test
    void wrongDtypeOrShapeBoundAtEvaluation() {
        Node ids = g.input("ids", DType.I32, 3);
        Node table = g.param("table", 4, 2);
        Node y = table.gatherRows(ids).sum();
        Bindings floatsForInts = new Bindings().bind("ids", new double[] {0, 1, 2}, 3).bind("table", new double[8], 4, 2);
        assertMessage(EvaluationException.class, () -> Interpreter.evaluate(y, floatsForInts), "'ids' expects i32", "got f64");
        Bindings wrongShape = new Bindings().bindInts("ids", new int[] {0, 1, 2}, 3).bind("table", new double[8], 2, 4);
        assertMessage(EvaluationException.class, () -> Interpreter.evaluate(y, wrongShape), "'table' expects shape [4, 2]", "got [2, 4]");
    }

    @Test
    void nanBoundAtEvaluation() {
        Node x = g.param("x", 2);
        Bindings b = new Bindings().bind("x", new double[] {1, Double.NaN}, 2);
        assertMessage(EvaluationException.class, () -> Interpreter.evaluate(x.sum(), b), "'x' holds NaN at index 1", HERE);
    }

    @Test
    void idsOutOfRangeAtEvaluation() {
        Node ids = g.input("ids", DType.I32, 3);
        Node table = g.param("table", 4, 2);
        Node y = table.gatherRows(ids).sum();
        Bindings b = new Bindings().bindInts("ids", new int[] {0, 7, 2}, 3).bind("table", new double[8], 4, 2);
        assertMessage(EvaluationException.class, () -> Interpreter.evaluate(y, b),
                "gather_rows", "id 7.0 at position 1 of ids 'ids' is out of range [0, 4)", HERE);
    }

    @Test
    void symbolicDimensionUnboundOrOutOfRange() {
        Dim t = g.symbol("T", 4);
        Node x = g.input("x", DType.F64, Shape.of(t, 2));
        Node y = x.sum();
        assertMessage(EvaluationException.class, () -> Interpreter.evaluate(y, new Bindings()), "T is not bound", HERE);
        Bindings tooLong = new Bindings().dim("T", 5).bind("x", new double[10], 5, 2);
        assertMessage(EvaluationException.class, () -> Interpreter.evaluate(y, tooLong), "T = 5 is outside [1, 4]", HERE);
    }

    @Test
    void unrelatedParamGetsAZeroGradient() {
        Node a = g.param("a", 2);
        Node unused = g.param("unused", 3);
        Node stopped = g.param("stopped", 2);
        Node loss = a.mul(stopped.stopGradient()).sum();
        Bindings b = new Bindings().bind("a", new double[] {1, 2}, 2).bind("unused", new double[] {1, 2, 3}, 3)
                .bind("stopped", new double[] {4, 5}, 2);
        var grads = Interpreter.evaluate(b, Autodiff.grad(loss, java.util.List.of(a, unused, stopped)));
        assertEquals(java.util.List.of(4.0, 5.0), toList(grads.get(0)));
        assertEquals(java.util.List.of(0.0, 0.0, 0.0), toList(grads.get(1)));
        assertEquals(java.util.List.of(0.0, 0.0), toList(grads.get(2)));
    }

    private static java.util.List<Double> toList(NDArray a) {
        return java.util.Arrays.stream(a.data()).boxed().toList();
    }

    private static void assertMessage(Class<? extends Throwable> type, Executable action, String... parts) {
        Throwable t = assertThrows(type, action);
        for (String part : parts) {
            assertTrue(t.getMessage().contains(part), () -> "message lacks '" + part + "': " + t.getMessage());
        }
    }
}
