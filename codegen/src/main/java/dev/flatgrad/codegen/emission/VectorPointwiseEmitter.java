package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.flatgrad.codegen.lowering.CausalStructure.Region;
import dev.flatgrad.codegen.lowering.NodeKind;
import dev.flatgrad.codegen.lowering.Plan;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.ops.Binary;
import dev.flatgrad.ops.BroadcastTo;
import dev.flatgrad.ops.Compare;
import dev.flatgrad.ops.Constant;
import dev.flatgrad.ops.GatherRows;
import dev.flatgrad.ops.Numel;
import dev.flatgrad.ops.Select;
import dev.flatgrad.ops.Slice;
import dev.flatgrad.ops.StopGradient;
import dev.flatgrad.ops.Transpose;
import dev.flatgrad.ops.Unary;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Emits a pointwise kernel whose innermost loop runs in vector lanes: the fused expression is computed on
 * {@code lanes} consecutive elements at once ({@code FloatVector}/{@code DoubleVector}), then a scalar loop
 * finishes the row. A value the lanes read is either loaded whole from consecutive elements of a buffer or,
 * when it does not vary along the row, computed once as a scalar and broadcast. Branches become blends, so a
 * relu costs the same whatever the signs.
 *
 * <p>In exact numerics only operations that round as the scalar code does are used (arithmetic, sqrt,
 * comparisons, max); exp, log and general powers make the kernel scalar. In fast numerics they use the vector
 * library's exp, log and pow. Anything else the lanes cannot read (a gather along the row, a transposed read)
 * throws {@link NotVectorizable}, and the kernel is emitted scalar.
 */
final class VectorPointwiseEmitter {
    /** The vector loop's index: lanes {@code iv .. iv + lanes - 1}. */
    static final String LANE = "lane";
    private static final ClassName OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");

    /** The kernel cannot run in lanes; it is emitted scalar instead. */
    static final class NotVectorizable extends RuntimeException {
        NotVectorizable(String why) {
            super(why, null, false, false);
        }
    }

    private final KernelEmitter kernel;
    private final Plan plan;
    private final CodeBlock.Builder code;
    private final ElementType type;
    private final IndexMath index;
    private final int lanes;
    private final boolean fast;
    private final ClassName vector;
    private final Map<String, String> memo = new HashMap<>();

    VectorPointwiseEmitter(KernelEmitter kernel, Plan plan, int lanes, boolean fast) {
        this.kernel = kernel;
        this.plan = plan;
        this.code = kernel.code();
        this.type = kernel.type();
        this.index = kernel.index();
        this.lanes = lanes;
        this.fast = fast;
        this.vector = MatmulEmitter.vectorClass(type);
    }

    /** The kernel computing {@code root} over {@code region} of its last two axes (ALL: every element). */
    void emit(Node root, Region region) {
        Shape shape = root.shape();
        int last = shape.rank() - 1;
        if (last < 0) {
            throw new NotVectorizable("a scalar");
        }
        Dim row = shape.dim(last);
        if (row.isOne() || !row.isSymbolic() && row.max() < lanes) {
            throw new NotVectorizable("rows shorter than a vector");
        }
        String[] outer = kernel.openLoops(shape.withoutAxis(last));
        String[] idx = Arrays.copyOf(outer, shape.rank());
        idx[last] = LANE;
        String from = "0";
        String to = index.size(row);
        if (region != Region.ALL) {
            from = kernel.bounds().from(region, idx[last - 1], kernel.receiver());
            to = kernel.bounds().to(region, idx[last - 1], kernel.receiver());
        }
        code.addStatement("int $L = $L", LANE, from);
        code.beginControlFlow("for (; $L < $L - $L; $L += $L)", LANE, to, lanes - 1, LANE, lanes);
        String value = vec(root, idx, true);
        code.addStatement("$L.intoArray($L, $L)", value, kernel.out(), index.flat(shape, idx));
        code.endControlFlow();
        memo.clear();
        kernel.forgetLoopScope();
        code.beginControlFlow("for (; $L < $L; $L++)", LANE, to, LANE);
        code.addStatement("$L[$L] = $L", kernel.out(), index.flat(shape, idx), kernel.value(root, idx, true));
        code.endControlFlow();
        kernel.forgetLoopScope();
        kernel.closeLoops();
    }

    /** A vector expression for {@code n}'s lanes at idx (idx holds {@link #LANE} where the row runs). */
    private String vec(Node n, String[] idx, boolean compute) {
        if (!varies(n, idx)) {
            return broadcast(kernel.value(n, idx, compute));
        }
        NodeKind kind = plan.kind(n);
        if (!compute && (plan.isMaterialized(n) || kind == NodeKind.LEAF || kind == NodeKind.TABLE)) {
            return load(kernel.address(n, idx), n.shape(), idx, n);
        }
        kernel.computedNodes().add(n);
        Object op = n.op();
        if (op instanceof StopGradient) {
            return vec(n.input(0), idx, false);
        }
        if (op instanceof BroadcastTo) {
            return vec(n.input(0), kernel.broadcastIndex(n, idx), false);
        }
        if (op instanceof Transpose t) {
            return vec(n.input(0), KernelEmitter.transposedIndex(t, idx), false);
        }
        if (op instanceof Slice s) {
            return vec(n.input(0), KernelEmitter.slicedIndex(s, idx), false);
        }
        if (kind == NodeKind.RESHAPE) {
            return load(kernel.address(n, idx), n.shape(), idx, n);
        }
        if (op instanceof GatherRows) {
            return vec(n.input(0), kernel.gatherRowsIndex(n, idx), false);
        }
        return local(n, idx);
    }

    /** Whether {@code n}'s value at idx changes along the row. */
    private boolean varies(Node n, String[] idx) {
        NodeKind kind = plan.kind(n);
        if (plan.isMaterialized(n) || kind == NodeKind.LEAF || kind == NodeKind.TABLE) {
            return usesLane(idx);
        }
        Object op = n.op();
        if (op instanceof Constant || op instanceof Numel) {
            return false;
        }
        if (kind == NodeKind.INDEX_FUNCTION) {
            return usesLane(idx);
        }
        if (op instanceof StopGradient) {
            return varies(n.input(0), idx);
        }
        if (op instanceof BroadcastTo) {
            return varies(n.input(0), kernel.broadcastIndex(n, idx));
        }
        if (op instanceof Transpose t) {
            return varies(n.input(0), KernelEmitter.transposedIndex(t, idx));
        }
        if (op instanceof Slice s) {
            return varies(n.input(0), KernelEmitter.slicedIndex(s, idx));
        }
        if (kind == NodeKind.RESHAPE) {
            return usesLane(idx);
        }
        if (op instanceof Unary || op instanceof Binary || op instanceof Compare || op instanceof Select) {
            for (Node in : n.inputs()) { // operands of the same shape, read at the same index
                if (varies(in, idx)) {
                    return true;
                }
            }
            return false;
        }
        return usesLane(idx); // gathers and masks: conservatively, along the row
    }

    private String local(Node n, String[] idx) {
        String key = n.id() + "@" + String.join(",", idx);
        String existing = memo.get(key);
        if (existing != null) {
            return existing;
        }
        CodeBlock expression = operation(n, idx);
        String name = "w" + n.id() + "_" + (memo.size() + 1);
        code.addStatement("$T $L = $L", vector, name, expression);
        memo.put(key, name);
        return name;
    }

    private CodeBlock operation(Node n, String[] idx) {
        Object op = n.op();
        if (!n.dtype().isFloating()) {
            throw new NotVectorizable("int values along the row: " + n);
        }
        if (op instanceof Unary u) {
            return unary(u, vec(n.input(0), idx, false));
        }
        if (op instanceof Binary b) {
            String x = vec(n.input(0), idx, false);
            String y = vec(n.input(1), idx, false);
            return switch (b.kind()) {
                case ADD -> CodeBlock.of("$L.add($L)", x, y);
                case SUB -> CodeBlock.of("$L.sub($L)", x, y);
                case MUL -> CodeBlock.of("$L.mul($L)", x, y);
                case DIV -> CodeBlock.of("$L.div($L)", x, y);
                case MAXIMUM -> CodeBlock.of("$L.max($L)", x, y); // lanewise Math.max: NaN and signed zeros alike
            };
        }
        if (op instanceof Compare c) {
            if (!n.input(0).dtype().isFloating()) {
                throw new NotVectorizable("comparison of ints along the row: " + n);
            }
            String x = vec(n.input(0), idx, false);
            String y = vec(n.input(1), idx, false);
            String test = switch (c.kind()) {
                case LT -> "LT";
                case LE -> "LE";
                case GT -> "GT";
                case GE -> "GE";
                case EQ -> "EQ";
            };
            return CodeBlock.of("$L.blend($L, $L.compare($T.$L, $L))", broadcast(type.literal(0.0)),
                    broadcast(type.literal(1.0)), x, OPERATORS, test, y);
        }
        if (op instanceof Select) {
            String mask = vec(n.input(0), idx, false);
            String a = vec(n.input(1), idx, false);
            String b = vec(n.input(2), idx, false);
            return CodeBlock.of("$L.blend($L, $L.compare($T.NE, $L))", b, a, mask, OPERATORS, type.literal(0.0));
        }
        throw new NotVectorizable("no vector rule for " + n.op().name());
    }

    private CodeBlock unary(Unary u, String x) {
        switch (u.kind()) {
            case NEG:
                return CodeBlock.of("$L.neg()", x);
            case SQRT:
                return CodeBlock.of("$L.lanewise($T.SQRT)", x, OPERATORS); // correctly rounded, as Math.sqrt
            case RSQRT:
                return CodeBlock.of("$L.div($L.lanewise($T.SQRT))", broadcast(type.literal(1.0)), x, OPERATORS);
            case RELU: // x > 0 ? x : 0, NaN included
                return CodeBlock.of("$L.blend($L, $L.compare($T.GT, $L))", broadcast(type.literal(0.0)), x, x, OPERATORS,
                        type.literal(0.0));
            case EXP:
            case LOG:
                requireFast(u.kind().name().toLowerCase());
                return CodeBlock.of("$L.lanewise($T.$L)", x, OPERATORS, u.kind().name());
            case POW:
                return pow(x, u.exponent());
            default:
                throw new AssertionError(u.kind());
        }
    }

    private CodeBlock pow(String x, double e) {
        if (e == 1) {
            return CodeBlock.of("$L", x);
        }
        if (e == 2) {
            return CodeBlock.of("$L.mul($L)", x, x);
        }
        if (e == -1) {
            return CodeBlock.of("$L.div($L)", broadcast(type.literal(1.0)), x);
        }
        requireFast("pow");
        return CodeBlock.of("$L.lanewise($T.POW, $L)", x, OPERATORS, type.literal(e));
    }

    private void requireFast(String what) {
        if (!fast) {
            throw new NotVectorizable(what + " rounds differently in vector lanes; exact numerics keep it scalar");
        }
    }

    /**
     * A vector load of consecutive elements: the row must run along the buffer's last axis (its index the lane,
     * maybe plus an offset) and nowhere else; otherwise (a transposed or gathered read) a refusal.
     */
    private String load(String[] at, Shape shape, String[] idx, Node n) {
        int last = shape.rank() - 1;
        for (int a = 0; a < last; a++) {
            if (usesLane(new String[] {idx[a]})) {
                throw new NotVectorizable("the row runs across " + n + " (a transposed or gathered read)");
            }
        }
        if (!idx[last].equals(LANE) && !idx[last].startsWith(LANE + " + ")) {
            throw new NotVectorizable("the row runs across " + n);
        }
        String key = "load " + at[0] + "[" + at[1] + "]";
        String existing = memo.get(key);
        if (existing != null) {
            return existing;
        }
        String name = "w" + n.id() + "_load" + (memo.size() + 1);
        code.addStatement("$T $L = $T.fromArray(SPECIES, $L, $L)", vector, name, vector, kernel.buffer(at[0]), at[1]);
        memo.put(key, name);
        return name;
    }

    /** The class is imported: the program's SPECIES field names it. */
    private String broadcast(String scalar) {
        return vector.simpleName() + ".broadcast(SPECIES, " + scalar + ")";
    }

    private static boolean usesLane(String[] idx) {
        for (String i : idx) {
            if (i.equals(LANE) || i.matches(".*(^|[^A-Za-z0-9_.])" + LANE + "($|[^A-Za-z0-9_]).*")) {
                return true;
            }
        }
        return false;
    }
}
