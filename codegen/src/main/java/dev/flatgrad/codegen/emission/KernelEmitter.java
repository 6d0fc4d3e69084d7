package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.CodeBlock;
import dev.flatgrad.codegen.lowering.CausalStructure;
import dev.flatgrad.codegen.lowering.CausalStructure.Region;
import dev.flatgrad.codegen.lowering.MatmulKernel;
import dev.flatgrad.codegen.lowering.NodeKind;
import dev.flatgrad.codegen.lowering.Plan;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.ops.Binary;
import dev.flatgrad.ops.BroadcastTo;
import dev.flatgrad.ops.CausalMask;
import dev.flatgrad.ops.Compare;
import dev.flatgrad.ops.Concat;
import dev.flatgrad.ops.Constant;
import dev.flatgrad.ops.GatherLast;
import dev.flatgrad.ops.GatherRows;
import dev.flatgrad.ops.Iota;
import dev.flatgrad.ops.Numel;
import dev.flatgrad.ops.Reduce;
import dev.flatgrad.ops.ScatterAddLast;
import dev.flatgrad.ops.ScatterAddRows;
import dev.flatgrad.ops.Select;
import dev.flatgrad.ops.Slice;
import dev.flatgrad.ops.StopGradient;
import dev.flatgrad.ops.Transpose;
import dev.flatgrad.ops.Unary;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Emits the body of one kernel: the loop nest computing one materialized node, with every fused
 * producer computed in the loop body as a local ({@code double v12 = Math.exp(v11);}). Views
 * (broadcast, transpose, slice, reshape) cost nothing: they only rewrite index expressions.
 */
final class KernelEmitter {
    private final Plan plan;
    private final BufferTable buffers;
    private final ElementType type;
    private final IndexMath index;
    private final Node root;
    private final String receiver;
    private final CausalStructure causal;
    private final CausalBounds bounds;
    private final int vectorLanes;
    private final boolean fast;
    private CodeBlock.Builder code = CodeBlock.builder();
    private final Map<String, String> memo = new HashMap<>();
    private final Map<Integer, Integer> localCounts = new HashMap<>();
    private final Set<Node> computed = new LinkedHashSet<>();
    private final ArrayDeque<Integer> openLoopCount = new ArrayDeque<>();

    /**
     * {@code receiver} is the expression holding the buffers: {@code this}, or the program in a part class.
     * {@code vectorLanes} (0: scalar) is the width of pointwise vector loops; {@code fast} allows the vector
     * operations that round differently from the scalar code.
     */
    KernelEmitter(Plan plan, BufferTable buffers, ElementType type, IndexMath index, CausalBounds bounds, Node root,
                  String receiver, int vectorLanes, boolean fast) {
        this.plan = plan;
        this.buffers = buffers;
        this.type = type;
        this.index = index;
        this.bounds = bounds;
        this.root = root;
        this.receiver = receiver;
        this.causal = plan.causal();
        this.vectorLanes = vectorLanes;
        this.fast = fast;
    }

    /** The kernel body. */
    CodeBlock emit() {
        computed.add(root);
        Object op = root.op();
        if (op instanceof Reduce r) {
            reduce(r);
        } else if (plan.matmul(root) != null) {
            MatmulKernel m = plan.matmul(root);
            computed.add(m.product());
            new MatmulEmitter(this, m, plan.vectorizable(m) ? plan.vectorLanes() : 0).emit();
        } else if (op instanceof ScatterAddRows) {
            scatterAddRows();
        } else if (op instanceof ScatterAddLast s) {
            scatterAddLast(s);
        } else if (op instanceof Concat c) {
            concat(c);
        } else {
            pointwise();
        }
        return code.build();
    }

    CodeBlock.Builder code() {
        return code;
    }

    ElementType type() {
        return type;
    }

    IndexMath index() {
        return index;
    }

    Node root() {
        return root;
    }

    /** Nodes this kernel computes: the root and the fused producers, in the order they are emitted. */
    Set<Node> computedNodes() {
        return computed;
    }

    // ---- loop nests per kind of root ----

    private void pointwise() {
        if (vectorLanes > 0 && tryVectorPointwise()) {
            return;
        }
        String[] idx = openLoops(root.shape(), causal.computed(root));
        String value = value(root, idx, true);
        code.addStatement("$L[$L] = $L", out(), index.flat(root.shape(), idx), value);
        closeLoops();
    }

    /** Emits the kernel in vector lanes if it can run there; otherwise leaves no trace and returns false. */
    private boolean tryVectorPointwise() {
        CodeBlock.Builder scalar = code;
        Set<Node> before = new LinkedHashSet<>(computed);
        int loops = openLoopCount.size();
        code = CodeBlock.builder();
        try {
            new VectorPointwiseEmitter(this, plan, vectorLanes, fast).emit(root, causal.computed(root));
            scalar.add(code.build());
            return true;
        } catch (VectorPointwiseEmitter.NotVectorizable e) {
            computed.retainAll(before);
            while (openLoopCount.size() > loops) {
                openLoopCount.pop();
            }
            memo.clear();
            return false;
        } finally {
            code = scalar;
        }
    }

    private void reduce(Reduce r) {
        Node x = root.input(0);
        Shape outer = x.shape().withoutAxis(r.axis());
        String[] outerIdx = openLoops(outer);
        String[] xIdx = new String[x.rank()];
        String[] outIdx = new String[root.rank()];
        for (int a = 0, o = 0; a < x.rank(); a++) {
            xIdx[a] = a == r.axis() ? "r" : outerIdx[o++];
        }
        for (int a = 0, o = 0; a < root.rank(); a++) {
            outIdx[a] = r.keepDims() && a == r.axis() ? "0" : outerIdx[o++];
        }
        boolean sum = r.kind() == Reduce.Kind.SUM;
        code.addStatement("$L acc = $L", type.keyword(), type.literal(sum ? 0.0 : Double.NEGATIVE_INFINITY));
        Region region = causal.reduced(root);
        if (region == Region.ALL) {
            code.beginControlFlow("for (int r = 0; r < $L; r++)", index.size(x.shape().dim(r.axis())));
        } else { // only where the summed values are not 0 (the maximised not -inf)
            String row = xIdx[x.rank() - 2];
            code.beginControlFlow("for (int r = $L; r < $L; r++)", bounds.from(region, row, receiver),
                    bounds.to(region, row, receiver));
        }
        String v = value(x, xIdx, false);
        if (sum) {
            code.addStatement("acc += $L", v);
        } else {
            code.addStatement("acc = Math.max(acc, $L)", v);
        }
        code.endControlFlow();
        forgetLoopScope();
        code.addStatement("$L[$L] = acc", out(), index.flat(root.shape(), outIdx));
        closeLoops();
    }

    private void scatterAddRows() {
        Node src = root.input(0);
        Node ids = root.input(1);
        zeroOutput();
        String[] idx = openLoops(src.shape());
        String[] idsIdx = new String[ids.rank()];
        System.arraycopy(idx, 0, idsIdx, 0, ids.rank());
        String[] outIdx = new String[root.rank()];
        outIdx[0] = "id";
        System.arraycopy(idx, ids.rank(), outIdx, 1, root.rank() - 1);
        String v = value(src, idx, false);
        code.addStatement("int id = $L", value(ids, idsIdx, false));
        code.addStatement("$L[$L] += $L", out(), index.flat(root.shape(), outIdx), v);
        closeLoops();
    }

    private void scatterAddLast(ScatterAddLast s) {
        Node src = root.input(0);
        Node ids = root.input(1);
        zeroOutput();
        String[] idx = openLoops(src.shape());
        String v = value(src, idx, false);
        code.addStatement("int id = $L", value(ids, idx, false));
        String base = index.flat(src.shape(), idx);
        code.addStatement("$L[($L) * $L + id] += $L", out(), base, s.size(), v);
        closeLoops();
    }

    private void concat(Concat c) {
        int offset = 0;
        for (Node part : root.inputs()) {
            String[] idx = openLoops(part.shape());
            String[] outIdx = idx.clone();
            outIdx[c.axis()] = offset == 0 ? idx[c.axis()] : idx[c.axis()] + " + " + offset;
            String v = value(part, idx, false);
            code.addStatement("$L[$L] = $L", out(), index.flat(root.shape(), outIdx), v);
            closeLoops();
            offset += part.shape().dim(c.axis()).max();
        }
    }

    // ---- values at an index ----

    /**
     * A Java expression for {@code n}'s element at {@code idx}: a buffer read, a literal, an index
     * expression, or a local computed by statements emitted just before.
     */
    String value(Node n, String[] idx, boolean compute) {
        NodeKind kind = plan.kind(n);
        if (!compute && (plan.isMaterialized(n) || kind == NodeKind.LEAF || kind == NodeKind.TABLE)) {
            return buffer(buffers.field(n)) + "[" + index.flat(n.shape(), idx) + "]";
        }
        computed.add(n);
        Object op = n.op();
        if (op instanceof Constant c) {
            return type.literal(c.fillValue());
        }
        if (op instanceof Iota iota) {
            String position = idx[iota.axis()].contains(" ") ? "(" + idx[iota.axis()] + ")" : idx[iota.axis()];
            return n.dtype().isFloating() ? "((" + type.keyword() + ") " + position + ")" : position;
        }
        if (op instanceof Numel numel) {
            return "((" + type.keyword() + ") " + index.count(numel.of()) + ")";
        }
        if (op instanceof CausalMask && kind == NodeKind.INDEX_FUNCTION) {
            return causalMask(idx, null);
        }
        if (op instanceof StopGradient) {
            return value(n.input(0), idx, false);
        }
        if (op instanceof BroadcastTo) {
            return value(n.input(0), broadcastIndex(n, idx), false);
        }
        if (op instanceof Transpose t) {
            return value(n.input(0), transposedIndex(t, idx), false);
        }
        if (op instanceof Slice s) {
            return value(n.input(0), slicedIndex(s, idx), false);
        }
        if (kind == NodeKind.RESHAPE) {
            return contiguous(n.input(0), index.flat(n.shape(), idx));
        }
        return local(n, idx);
    }

    /**
     * The buffer and flat index holding {@code n}'s element at idx, for a node whose values live in a
     * buffer (possibly through views): what a vector load needs.
     */
    String[] address(Node n, String[] idx) {
        NodeKind kind = plan.kind(n);
        if (plan.isMaterialized(n) || kind == NodeKind.LEAF || kind == NodeKind.TABLE) {
            return new String[] {buffers.field(n), index.flat(n.shape(), idx)};
        }
        Object op = n.op();
        if (op instanceof StopGradient) {
            return address(n.input(0), idx);
        }
        if (op instanceof BroadcastTo) {
            return address(n.input(0), broadcastIndex(n, idx));
        }
        if (op instanceof Transpose t) {
            return address(n.input(0), transposedIndex(t, idx));
        }
        if (op instanceof Slice s) {
            return address(n.input(0), slicedIndex(s, idx));
        }
        if (kind == NodeKind.RESHAPE) {
            return new String[] {contiguousField(contiguousBase(n.input(0))), index.flat(n.shape(), idx)};
        }
        throw new IllegalStateException("lowering bug: " + n + " has no buffer to load vectors from");
    }

    static String[] transposedIndex(Transpose t, String[] idx) {
        int[] perm = t.perm();
        String[] in = new String[idx.length];
        for (int a = 0; a < perm.length; a++) {
            in[perm[a]] = idx[a];
        }
        return in;
    }

    static String[] slicedIndex(Slice s, String[] idx) {
        String[] in = idx.clone();
        in[s.axis()] = idx[s.axis()] + " + " + s.start();
        return in;
    }

    /** Reads a contiguous node at a flat index (through reshapes and stop-gradients). */
    private String contiguous(Node n, String flat) {
        Node base = contiguousBase(n);
        if (base.op() instanceof Constant c && c.isFill()) {
            computed.add(base);
            return type.literal(c.fillValue());
        }
        return buffer(contiguousField(base)) + "[" + flat + "]";
    }

    /** The node whose buffer holds {@code n}'s values row-major: past reshapes and stop-gradients. */
    private Node contiguousBase(Node n) {
        while ((plan.kind(n) == NodeKind.RESHAPE || n.op() instanceof StopGradient) && !plan.isMaterialized(n)) {
            n = n.input(0);
        }
        return n;
    }

    private String contiguousField(Node base) {
        String field = buffers.field(base);
        if (field == null) {
            throw new IllegalStateException("lowering bug: reshape input " + base + " has no contiguous buffer");
        }
        return field;
    }

    String[] broadcastIndex(Node n, String[] idx) {
        Node in = n.input(0);
        int lead = n.rank() - in.rank();
        String[] out = new String[in.rank()];
        for (int a = 0; a < in.rank(); a++) {
            Dim d = in.shape().dim(a);
            out[a] = d.isOne() && !n.shape().dim(lead + a).isOne() ? "0" : idx[lead + a];
        }
        return out;
    }

    /** Emits the statement computing a pointwise node at idx into a local, once per index. */
    private String local(Node n, String[] idx) {
        String key = n.id() + "@" + String.join(",", idx);
        String existing = memo.get(key);
        if (existing != null) {
            return existing;
        }
        String expr = pointwiseExpression(n, idx);
        int count = localCounts.merge(n.id(), 1, Integer::sum);
        String name = "v" + n.id() + (count == 1 ? "" : "_" + count);
        code.addStatement("$L $L = $L", n.dtype().isFloating() ? type.keyword() : "int", name, expr);
        memo.put(key, name);
        return name;
    }

    private String pointwiseExpression(Node n, String[] idx) {
        Object op = n.op();
        if (op instanceof Unary u) {
            return unary(u, value(n.input(0), idx, false));
        }
        if (op instanceof Binary b) {
            String x = value(n.input(0), idx, false);
            String y = value(n.input(1), idx, false);
            switch (b.kind()) {
                case ADD: return x + " + " + y;
                case SUB: return x + " - " + y;
                case MUL: return x + " * " + y;
                case DIV: return x + " / " + y;
                case MAXIMUM: return "Math.max(" + x + ", " + y + ")";
                default: throw new AssertionError(b.kind());
            }
        }
        if (op instanceof Compare c) {
            String x = value(n.input(0), idx, false);
            String y = value(n.input(1), idx, false);
            String symbol = switch (c.kind()) {
                case LT -> "<";
                case LE -> "<=";
                case GT -> ">";
                case GE -> ">=";
                case EQ -> "==";
            };
            return x + " " + symbol + " " + y + " ? " + type.literal(1.0) + " : " + type.literal(0.0);
        }
        if (op instanceof Select) {
            String mask = value(n.input(0), idx, false);
            String a = value(n.input(1), idx, false);
            String b = value(n.input(2), idx, false);
            return mask + " != 0 ? " + a + " : " + b;
        }
        if (op instanceof CausalMask) {
            return causalMask(idx, n.input(0));
        }
        if (op instanceof GatherRows) {
            return value(n.input(0), gatherRowsIndex(n, idx), false);
        }
        if (op instanceof GatherLast) {
            Node x = n.input(0);
            String[] xIdx = new String[x.rank()];
            System.arraycopy(idx, 0, xIdx, 0, idx.length);
            xIdx[x.rank() - 1] = value(n.input(1), idx, false);
            return value(x, xIdx, false);
        }
        throw new IllegalStateException("not a pointwise op: " + n);
    }

    /** Where a gather_rows node reads its table for output idx: the id's row, then the rest of idx. */
    String[] gatherRowsIndex(Node n, String[] idx) {
        Node ids = n.input(1);
        String[] idsIdx = new String[ids.rank()];
        System.arraycopy(idx, 0, idsIdx, 0, ids.rank());
        String[] tableIdx = new String[n.input(0).rank()];
        tableIdx[0] = value(ids, idsIdx, false);
        System.arraycopy(idx, ids.rank(), tableIdx, 1, tableIdx.length - 1);
        return tableIdx;
    }

    /** 1 where key j may be seen from query i: {@code j <= i}, and with segments the same segment id. */
    private String causalMask(String[] idx, Node segments) {
        String test = paren(idx[1]) + " <= " + paren(idx[0]);
        if (segments != null) {
            test += " && " + value(segments, new String[] {idx[0]}, false) + " == " + value(segments, new String[] {idx[1]}, false);
        }
        return "(" + test + " ? " + type.literal(1.0) + " : " + type.literal(0.0) + ")";
    }

    private static String paren(String index) {
        return index.contains(" ") ? "(" + index + ")" : index;
    }

    private String unary(Unary u, String x) {
        switch (u.kind()) {
            case NEG: return "-" + x;
            case EXP: return type.math("exp", x);
            case LOG: return type.math("log", x);
            case SQRT: return type.math("sqrt", x);
            case RSQRT: return type.literal(1.0) + " / " + type.math("sqrt", x);
            case RELU: return x + " > 0 ? " + x + " : " + type.literal(0.0);
            case POW: return pow(x, u.exponent());
            default: throw new AssertionError(u.kind());
        }
    }

    /** x^e; squares and reciprocals are exact as products and quotients, the rest goes to Math.pow. */
    private String pow(String x, double e) {
        if (e == 1) {
            return x;
        }
        if (e == 2) {
            return x + " * " + x;
        }
        if (e == -1) {
            return type.literal(1.0) + " / " + x;
        }
        return type.math("pow", x, Double.toString(e));
    }

    // ---- loops ----

    String[] openLoops(Shape shape) {
        return openLoops(shape, Region.ALL);
    }

    /** Loops over a shape; with a causal region, the last axis runs over that region's columns of each row. */
    String[] openLoops(Shape shape, Region region) {
        String[] idx = new String[shape.rank()];
        for (int a = 0; a < shape.rank(); a++) {
            Dim d = shape.dim(a);
            if (d.isOne()) {
                idx[a] = "0";
                continue;
            }
            idx[a] = "i" + a;
            if (region != Region.ALL && a == shape.rank() - 1) {
                String row = idx[a - 1];
                code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", idx[a], bounds.from(region, row, receiver), idx[a],
                        bounds.to(region, row, receiver), idx[a]);
            } else {
                code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", idx[a], idx[a], index.size(d), idx[a]);
            }
        }
        openLoopCount.push(countLoops(shape));
        return idx;
    }

    private static int countLoops(Shape shape) {
        int loops = 0;
        for (Dim d : shape.dims()) {
            if (!d.isOne()) {
                loops++;
            }
        }
        return loops;
    }

    void closeLoops() {
        int loops = openLoopCount.pop();
        for (int i = 0; i < loops; i++) {
            code.endControlFlow();
        }
        forgetLoopScope();
    }

    /** Locals declared inside a loop body are out of scope after it. */
    void forgetLoopScope() {
        memo.clear();
    }

    private void zeroOutput() {
        code.addStatement("java.util.Arrays.fill($L, 0, $L, $L)", out(), index.count(root.shape()), type.literal(0.0));
    }

    /** The output buffer as an expression, e.g. {@code this.t14}. */
    String out() {
        return buffer(buffers.field(root));
    }

    /** A buffer field as an expression on the receiver. */
    String buffer(String field) {
        return receiver + "." + field;
    }

    String receiver() {
        return receiver;
    }

    CausalStructure causal() {
        return causal;
    }

    CausalBounds bounds() {
        return bounds;
    }

    /** Whether the kernel may round as fast numerics allow. */
    boolean fast() {
        return fast;
    }
}
