package dev.flatgrad.properties;

import static dev.flatgrad.testing.qt.Seeds.qt;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.check.GradCheck;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.testing.CaseBuilder;
import dev.flatgrad.testing.CaseGenerator;
import dev.flatgrad.testing.Domain;
import dev.flatgrad.testing.GeneratedCase;
import dev.flatgrad.testing.Primitive;
import dev.flatgrad.testing.Shapes;
import dev.flatgrad.testing.qt.CaseGens;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Grad-of-grad: {@link Autodiff#grad} applied to its own output. Hessian-vector products
 * {@code H v = d/dx sum(grad(f) * v)} are compared with closed forms, and, on every primitive,
 * the gradient of {@code |grad f|²} with finite differences of that function.
 */
class SecondDerivativeTest {
    private static final int EXAMPLES = 200;

    /** Closed forms and symbolic results are the same arithmetic in a different order. */
    private static final double CLOSED_FORM_RTOL = 1e-10;

    /** {@code sum(x³)}: H v = 6 x v. */
    private static final CaseGenerator CUBE = scalar("sum(x^3)", x -> x.pow(3).sum());

    /** {@code sum(exp(x) x)}: H v = exp(x) (x + 2) v. */
    private static final CaseGenerator EXP_TIMES_X = scalar("sum(exp(x)*x)", x -> x.exp().mul(x).sum());

    /** {@code sum(exp(a·b))} for matrices a [M, K], b [K, N], with a direction v like a. */
    private static final CaseGenerator EXP_OF_MATMUL = (structure, seed, allowSymbol) -> {
        CaseBuilder b = CaseBuilder.start("sum(exp(a@b))", structure, seed, allowSymbol);
        Dim m = b.symbol() != null ? b.symbol() : Dim.fixed(b.choices().between(1, 4));
        int k = b.choices().between(1, 4);
        int n = b.choices().between(1, 4);
        Node a = b.param("a", Shape.of(m, k), Domain.uniform(-1, 1));
        Node bm = b.param("b", Shape.of(k, n), Domain.uniform(-1, 1));
        b.extraInput("v", a.shape(), Domain.uniform(-1, 1));
        return b.finishScalar(a.matmul(bm).exp().sum());
    };

    @Test
    void hessianVectorProductOfCubeIsSixXV() {
        checkHessianVectorProduct("hessianVectorProductOfCubeIsSixXV", CUBE, (x, v) -> 6 * x * v);
    }

    @Test
    void hessianVectorProductOfExpTimesXIsExpXTimesXPlusTwoV() {
        checkHessianVectorProduct("hessianVectorProductOfExpTimesXIsExpXTimesXPlusTwoV", EXP_TIMES_X, (x, v) -> Math.exp(x) * (x + 2) * v);
    }

    @Test
    void secondDerivativesThroughMatmulMatchClosedForms() {
        qt("secondDerivativesThroughMatmulMatchClosedForms").withExamples(EXAMPLES).forAll(CaseGens.cases(EXP_OF_MATMUL, true)).checkAssert(c -> {
            Node a = c.params().get(0);
            Node b = c.params().get(1);
            Node v = c.graph().leaf("v").orElseThrow();
            Node directional = Autodiff.grad(c.loss(), a).mul(v).sum();
            List<Node> second = Autodiff.grad(directional, List.of(a, b));
            Bindings values = c.bindings();
            List<NDArray> got = Interpreter.evaluate(values, second);
            double[][] am = matrix(values.get("a"));
            double[][] bm = matrix(values.get("b"));
            double[][] vm = matrix(values.get("v"));
            double[][] e = map(multiply(am, bm), Math::exp);
            double[][] evb = hadamard(e, multiply(vm, bm));
            // d²f/da² · v = (E ⊙ vB) Bᵀ, and the mixed d/db <df/da, v> = vᵀE + aᵀ(E ⊙ vB), with E = exp(aB)
            assertClose(multiply(evb, transpose(bm)), got.get(0), "d/da <df/da, v>", c);
            assertClose(add(multiply(transpose(vm), e), multiply(transpose(am), evb)), got.get(1), "d/db <df/da, v>", c);
        });
    }

    /**
     * On every primitive's cases, the gradient of {@code |grad f|²} (built by differentiating the
     * gradient graph) matches finite differences of {@code |grad f|²}: the VJP of every VJP.
     */
    @Test
    void gradientOfSquaredGradientNormMatchesFiniteDifferences() {
        Gen<Primitive> primitives = Generate.enumValues(Primitive.class);
        qt("gradientOfSquaredGradientNormMatchesFiniteDifferences").withExamples(4 * EXAMPLES).withShrinkCycles(500)
                .forAll(primitives.flatMap(p -> CaseGens.cases(p, true)))
                .checkAssert(c -> {
                    List<Node> grads = Autodiff.grad(c.loss(), c.params());
                    Node norm = null;
                    for (Node g : grads) {
                        Node term = g.mul(g).sum();
                        norm = norm == null ? term : norm.add(term);
                    }
                    // |grad f|² reaches 1e4 on these cases (pow 4 of 2, summed); central differences lose about
                    // eps·|f|/h ≈ 2e-11·|f| to rounding, so the absolute tolerance grows with |f| (1e-7 at |f| <= 1)
                    double magnitude = Math.abs(Interpreter.evaluate(norm, c.bindings()).item());
                    GradCheck check = GradCheck.defaults().tolerance(1e-5, 1e-7 * Math.max(1, magnitude));
                    GradCheck.Result result = check.check(norm, c.params(), c.bindings());
                    assertTrue(result.passed(), () -> "second-order gradient differs from finite differences in "
                            + result.failures().size() + " of " + result.elements() + " elements; worst " + result.worst() + "\nfor " + c);
                });
    }

    private static CaseGenerator scalar(String label, Function<Node, Node> f) {
        return (structure, seed, allowSymbol) -> {
            CaseBuilder b = CaseBuilder.start(label, structure, seed, allowSymbol);
            Node x = b.param("x", Shapes.random(b.choices(), 0, 3, b.symbol()), Domain.uniform(-2, 2));
            b.extraInput("v", x.shape(), Domain.uniform(-1, 1));
            return b.finishScalar(f.apply(x));
        };
    }

    private static void checkHessianVectorProduct(String property, CaseGenerator generator, BiFunction<Double, Double, Double> expected) {
        qt(property).withExamples(EXAMPLES).forAll(CaseGens.cases(generator, true)).checkAssert(c -> {
            Node x = c.params().get(0);
            Node v = c.graph().leaf("v").orElseThrow();
            Node hv = Autodiff.grad(Autodiff.grad(c.loss(), x).mul(v).sum(), x);
            Bindings values = c.bindings();
            NDArray got = Interpreter.evaluate(hv, values);
            NDArray xs = values.get("x");
            NDArray vs = values.get("v");
            double[] want = new double[xs.size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = expected.apply(xs.get(i), vs.get(i));
            }
            assertClose(want, got, "H v", c);
        });
    }

    private static void assertClose(double[][] expected, NDArray got, String what, GeneratedCase c) {
        double[] flat = new double[got.size()];
        int cols = expected[0].length;
        for (int i = 0; i < flat.length; i++) {
            flat[i] = expected[i / cols][i % cols];
        }
        assertClose(flat, got, what, c);
    }

    private static void assertClose(double[] expected, NDArray got, String what, GeneratedCase c) {
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - got.get(i));
            int element = i;
            assertTrue(error <= CLOSED_FORM_RTOL * (1 + Math.abs(expected[i])), () -> what + "[" + element + "]: autodiff "
                    + got.get(element) + ", closed form " + expected[element] + "\nfor " + c);
        }
    }

    private static double[][] matrix(NDArray a) {
        int rows = a.dim(0);
        int cols = a.dim(1);
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = a.get(i * cols + j);
            }
        }
        return m;
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        double[][] out = new double[x.length][y[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                for (int k = 0; k < y.length; k++) {
                    out[i][j] += x[i][k] * y[k][j];
                }
            }
        }
        return out;
    }

    private static double[][] transpose(double[][] x) {
        double[][] out = new double[x[0].length][x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                out[j][i] = x[i][j];
            }
        }
        return out;
    }

    private static double[][] hadamard(double[][] x, double[][] y) {
        double[][] out = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                out[i][j] = x[i][j] * y[i][j];
            }
        }
        return out;
    }

    private static double[][] add(double[][] x, double[][] y) {
        double[][] out = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                out[i][j] = x[i][j] + y[i][j];
            }
        }
        return out;
    }

    private static double[][] map(double[][] x, DoubleUnaryOperator f) {
        double[][] out = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                out[i][j] = f.applyAsDouble(x[i][j]);
            }
        }
        return out;
    }
}
