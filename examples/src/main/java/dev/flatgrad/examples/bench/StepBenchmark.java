package dev.flatgrad.examples.bench;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.examples.microgpt.Gpt;
import dev.flatgrad.examples.microgpt.GptConfig;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Microseconds per microgpt training step (d16, one name per step, Adam): the reference interpreter
 * against the compiled program, f64 and f32. Each variant warms up, then runs timed windows; the
 * median window is reported with the fastest and slowest.
 *
 * <p>Run: {@code java -cp examples/target/microgpt.jar dev.flatgrad.examples.bench.StepBenchmark [seconds-per-window]}
 */
public final class StepBenchmark {
    /** Names of typical length (names.txt averages 6.1 letters). */
    private static final String[] NAMES = {"emma", "olivia", "ava", "isabella", "sophia", "charlotte", "mia", "amelia",
        "harper", "evelyn", "liam", "noah", "oliver", "elijah", "james", "william"};
    private static final int WINDOWS = 9;

    private StepBenchmark() {
    }

    public static void main(String[] args) {
        double windowSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        System.out.printf("microgpt step (n_embd 16, 1 layer, 4 heads, one name per step, Adam), %d windows of %.1f s%n",
                WINDOWS, windowSeconds);
        System.out.println("JVM " + System.getProperty("java.vm.version") + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        report("compiled f64", measure(compiledStep(DType.F64), windowSeconds));
        report("compiled f32", measure(compiledStep(DType.F32), windowSeconds));
        report("interpreter f64", measure(interpreterStep(), windowSeconds));
    }

    private static IntConsumer compiledStep(DType precision) {
        Gpt gpt = new Gpt(GptConfig.MICROGPT);
        Program p = Flatgrad.compile(ProgramSpec.builder(gpt.graph()).className("BenchGpt" + precision)
                .minimize(gpt.loss(), gpt.params()).optimizer(Optimizer.adam(0.85, 0.99, 1e-8)).precision(precision).build());
        Random random = new Random(42);
        for (Node param : gpt.params()) {
            p.setParam(param.name(), gaussian(random, (int) param.shape().maxElements()));
        }
        int[][] tokens = new int[NAMES.length][];
        int[][] targets = new int[NAMES.length][];
        for (int i = 0; i < NAMES.length; i++) {
            int[] doc = tokenize(NAMES[i]);
            tokens[i] = Arrays.copyOfRange(doc, 0, doc.length - 1);
            targets[i] = Arrays.copyOfRange(doc, 1, doc.length);
        }
        return step -> {
            int d = step % NAMES.length;
            p.setLength(tokens[d].length).setInput("tokens", tokens[d]).setInput("targets", targets[d]);
            p.step(1e-3);
        };
    }

    private static IntConsumer interpreterStep() {
        Gpt gpt = new Gpt(GptConfig.MICROGPT);
        List<Node> outputs = new ArrayList<>(List.of(gpt.loss()));
        outputs.addAll(Autodiff.grad(gpt.loss(), gpt.params()));
        Random random = new Random(42);
        List<double[]> params = new ArrayList<>();
        List<double[]> m = new ArrayList<>();
        List<double[]> v = new ArrayList<>();
        for (Node param : gpt.params()) {
            params.add(gaussian(random, (int) param.shape().maxElements()));
            m.add(new double[params.get(params.size() - 1).length]);
            v.add(new double[params.get(params.size() - 1).length]);
        }
        int[] t = {0};
        return step -> {
            int[] doc = tokenize(NAMES[step % NAMES.length]);
            int n = doc.length - 1;
            Bindings b = new Bindings().dim("T", n).bindInts("tokens", Arrays.copyOfRange(doc, 0, n), n)
                    .bindInts("targets", Arrays.copyOfRange(doc, 1, n + 1), n);
            for (int i = 0; i < params.size(); i++) {
                Node param = gpt.params().get(i);
                b.bind(param.name(), params.get(i), param.shape().resolve(java.util.Map.of()));
            }
            List<NDArray> values = Interpreter.evaluate(b, outputs);
            t[0]++;
            for (int i = 0; i < params.size(); i++) {
                adam(params.get(i), values.get(i + 1).data(), m.get(i), v.get(i), t[0]);
            }
        };
    }

    private static void adam(double[] p, double[] g, double[] m, double[] v, int t) {
        for (int i = 0; i < p.length; i++) {
            m[i] = 0.85 * m[i] + (1 - 0.85) * g[i];
            v[i] = 0.99 * v[i] + (1 - 0.99) * (g[i] * g[i]);
            p[i] -= 1e-3 * (m[i] / (1 - Math.pow(0.85, t))) / (Math.sqrt(v[i] / (1 - Math.pow(0.99, t))) + 1e-8);
        }
    }

    /** Warm-up of three windows, then {@link #WINDOWS} timed windows; µs per step in each. */
    private static double[] measure(IntConsumer step, double windowSeconds) {
        int[] counter = {0};
        for (int w = 0; w < 3; w++) {
            window(step, counter, windowSeconds);
        }
        double[] micros = new double[WINDOWS];
        for (int w = 0; w < WINDOWS; w++) {
            micros[w] = window(step, counter, windowSeconds);
        }
        Arrays.sort(micros);
        return micros;
    }

    private static double window(IntConsumer step, int[] counter, double seconds) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int steps = 0;
        long now;
        do {
            step.accept(counter[0]++);
            steps++;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / 1e3 / steps;
    }

    private static void report(String what, double[] sortedMicros) {
        System.out.printf("%-16s median %9.1f us/step   (fastest %.1f, slowest %.1f)%n", what,
                sortedMicros[sortedMicros.length / 2], sortedMicros[0], sortedMicros[sortedMicros.length - 1]);
    }

    private static int[] tokenize(String name) {
        int[] out = new int[name.length() + 2];
        out[0] = 26;
        for (int i = 0; i < name.length(); i++) {
            out[i + 1] = name.charAt(i) - 'a';
        }
        out[out.length - 1] = 26;
        return out;
    }

    private static double[] gaussian(Random random, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextGaussian() * 0.08;
        }
        return out;
    }
}
