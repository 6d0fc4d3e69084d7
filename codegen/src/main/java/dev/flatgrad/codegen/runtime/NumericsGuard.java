package dev.flatgrad.codegen.runtime;

import dev.flatgrad.codegen.lowering.NodeKind;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Constant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The numerics check mode, as JAX's {@code debug_nans} or PyTensor's {@code NanGuardMode}: a program compiled
 * with {@link ProgramSpec.Builder#checkNumerics} computes every node in a kernel of its own and hands each
 * result here. The first node with a NaN, or with an infinity that none of its inputs carries (an overflow,
 * a division by zero; a masked score that is -inf because its mask constant is, passes), raises a
 * {@link NonFiniteValueException} naming the pass, the node, its op and call site, the element and the
 * inputs' values there. Params are checked after each optimizer update.
 */
public final class NumericsGuard {
    private final Graph graph;
    private final boolean[] infinite;
    private final Object[] values;
    private String pass = "forward";
    private String symbol;
    private int length = 1;
    private int optimizerStep;

    NumericsGuard(Graph graph) {
        this.graph = graph;
        this.infinite = new boolean[graph.size()];
        this.values = new Object[graph.size()];
    }

    /** Makes a leaf's buffer (param or input) known, so messages can quote its values. */
    void registerLeaf(Node leaf, Object buffer) {
        values[leaf.id()] = buffer;
    }

    void beginPass(String pass, String symbol, int length, int optimizerStep) {
        this.pass = pass;
        this.symbol = symbol;
        this.length = length;
        this.optimizerStep = optimizerStep;
    }

    /** The first {@code count} values of node {@code id}, just computed. */
    public void check(int id, double[] computed, int count) {
        values[id] = computed;
        boolean anyInfinite = false;
        for (int i = 0; i < count; i++) {
            double v = computed[i];
            if (Double.isNaN(v)) {
                throw violation(id, i, v);
            }
            anyInfinite |= Double.isInfinite(v);
        }
        afterCheck(id, computed, count, anyInfinite);
    }

    /** As {@link #check(int, double[], int)}, for float programs. */
    public void check(int id, float[] computed, int count) {
        values[id] = computed;
        boolean anyInfinite = false;
        for (int i = 0; i < count; i++) {
            float v = computed[i];
            if (Float.isNaN(v)) {
                throw violation(id, i, v);
            }
            anyInfinite |= Float.isInfinite(v);
        }
        afterCheck(id, computed, count, anyInfinite);
    }

    /** A param just updated by the optimizer: every value must be finite. */
    public void checkUpdate(int id, double[] param, int count) {
        for (int i = 0; i < count; i++) {
            if (!Double.isFinite(param[i])) {
                throw updateViolation(id, i, param[i]);
            }
        }
    }

    /** As {@link #checkUpdate(int, double[], int)}, for float programs. */
    public void checkUpdate(int id, float[] param, int count) {
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(param[i])) {
                throw updateViolation(id, i, param[i]);
            }
        }
    }

    private void afterCheck(int id, Object computed, int count, boolean anyInfinite) {
        infinite[id] = anyInfinite;
        if (anyInfinite && !inputsCarryInfinity(graph.node(id))) {
            for (int i = 0; i < count; i++) {
                double v = element(computed, i);
                if (Double.isInfinite(v)) {
                    throw violation(id, i, v);
                }
            }
        }
    }

    private boolean inputsCarryInfinity(Node n) {
        for (Node in : n.inputs()) {
            if (carriesInfinity(in)) {
                return true;
            }
        }
        return false;
    }

    private boolean carriesInfinity(Node n) {
        if (n.op() instanceof Constant c) {
            return Arrays.stream(c.isFill() ? new double[] {c.fillValue()} : c.values()).anyMatch(Double::isInfinite);
        }
        return switch (NodeKind.of(n)) {
            case LEAF, INDEX_FUNCTION -> false;
            case VIEW, RESHAPE -> carriesInfinity(n.input(0));
            default -> infinite[n.id()];
        };
    }

    private NonFiniteValueException violation(int id, int flat, double value) {
        Node n = graph.node(id);
        StringBuilder sb = new StringBuilder(pass).append(" pass: ").append(describe(n)).append(" is ")
                .append(text(value)).append(" at ").append(position(n, flat));
        List<String> inputs = new ArrayList<>();
        for (Node in : n.inputs()) {
            Object buffer = values[in.id()];
            if (buffer != null && Arrays.equals(shape(in), shape(n))) {
                inputs.add("%" + in.id() + " " + in.op().name() + " = " + text(element(buffer, flat)));
            }
        }
        if (!inputs.isEmpty()) {
            sb.append("; its inputs there: ").append(String.join(", ", inputs));
        }
        if (Double.isInfinite(value)) {
            sb.append(" (an infinity none of its inputs has: an overflow or a division by zero)");
        }
        return new NonFiniteValueException(n, sb.toString());
    }

    private NonFiniteValueException updateViolation(int id, int flat, double value) {
        Node p = graph.node(id);
        return new NonFiniteValueException(p, "optimizer update " + optimizerStep + ": param '" + p.name() + "' "
                + p.type() + " became " + text(value) + " at " + position(p, flat)
                + "; the learning rate may be too high");
    }

    private String position(Node n, int flat) {
        int[] shape = shape(n);
        int[] idx = new int[shape.length];
        for (int a = shape.length - 1, rest = flat; a >= 0; a--) {
            idx[a] = rest % shape[a];
            rest /= shape[a];
        }
        return "index " + Arrays.toString(idx) + " of shape " + Arrays.toString(shape)
                + (symbol == null ? "" : " (" + symbol + " = " + length + ")");
    }

    private int[] shape(Node n) {
        return n.shape().resolve(symbol == null ? Map.of() : Map.of(symbol, length));
    }

    private static String describe(Node n) {
        return n.ref() + " " + n.op().name() + (n.name() == null ? "" : " '" + n.name() + "'") + " (" + n.site()
                + (n.scope().isEmpty() ? "" : " " + n.path()) + ")";
    }

    private static double element(Object buffer, int i) {
        if (buffer instanceof double[] d) {
            return d[i];
        }
        if (buffer instanceof float[] f) {
            return f[i];
        }
        return ((int[]) buffer)[i];
    }

    private static String text(double v) {
        return Double.isNaN(v) ? "NaN" : Double.toString(v);
    }
}
