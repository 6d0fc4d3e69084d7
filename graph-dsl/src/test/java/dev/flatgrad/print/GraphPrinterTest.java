package dev.flatgrad.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import org.junit.jupiter.api.Test;

class GraphPrinterTest {

    private static Graph smallGraph() {
        Graph g = new Graph();
        Dim t = g.symbol("T", 8);
        Node x = g.input("x", DType.F64, Shape.of(t, 3));
        Node w = g.param("w", 2, 3);
        Node y = g.scoped("hidden_layer", () -> x.matmul(w.transpose()).relu().named("hidden"));
        Node loss = y.sum(1, false).exp().sum().named("loss");
        Autodiff.grad(loss, w);
        return g;
    }

    @Test
    void printsOneLinePerNodeWithTypesOpsInputsCallSitesAndScopes() {
        // the forward graph, then the start of the backward graph grad() appended: its nodes carry the line and
        // the scope (under grad/) of the forward node whose gradient they compute
        String expected = """
                %0:f64[T,3] = input    # GraphPrinterTest.java:18 x
                %1:f64[2,3] = param    # GraphPrinterTest.java:19 w
                %2:f64[3,2] = transpose[perm=[1,0]] %1    # GraphPrinterTest.java:20 hidden_layer/transpose
                %3:f64[T,2] = matmul %0 %2    # GraphPrinterTest.java:20 hidden_layer/matmul
                %4:f64[T,2] = relu %3    # GraphPrinterTest.java:20 hidden_layer/relu hidden
                %5:f64[T] = sum[axis=1] %4    # GraphPrinterTest.java:21
                %6:f64[T] = exp %5    # GraphPrinterTest.java:21
                %7:f64[] = sum[axis=0] %6    # GraphPrinterTest.java:21 loss
                %8:f64[] = constant[1.0]    # GraphPrinterTest.java:21 grad/constant
                %9:f64[T] = broadcast_to %8    # GraphPrinterTest.java:21 grad/broadcast_to
                %10:f64[T] = mul %9 %6    # GraphPrinterTest.java:21 grad/mul
                %11:f64[T,1] = reshape %10    # GraphPrinterTest.java:21 grad/reshape
                %12:f64[T,2] = broadcast_to %11    # GraphPrinterTest.java:21 grad/broadcast_to
                %13:f64[] = constant[0.0]    # GraphPrinterTest.java:20 grad/hidden_layer/constant
                """;
        String printed = GraphPrinter.print(smallGraph());
        assertEquals(expected, printed.substring(0, expected.length()));
    }

    @Test
    void theSameGraphPrintsTheSameText() {
        // two separate builds of the same graph: ids, names and call sites must come out the same
        String first = GraphPrinter.print(smallGraph());
        String second = GraphPrinter.print(smallGraph());
        assertEquals(first, second);
    }
}
