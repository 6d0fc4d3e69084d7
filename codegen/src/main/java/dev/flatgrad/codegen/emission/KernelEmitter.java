package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.CodeBlock;
import dev.flatgrad.codegen.lowering.NodeKind;
import dev.flatgrad.codegen.lowering.Plan;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.ops.Binary;
import dev.flatgrad.ops.BroadcastTo;
import dev.flatgrad.ops.Compare;
import dev.flatgrad.ops.Concat;
import dev.flatgrad.ops.Constant;
import dev.flatgrad.ops.GatherLast;
import dev.flatgrad.ops.GatherRows;
import dev.flatgrad.ops.Iota;
import dev.flatgrad.ops.Matmul;
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
import java.util.List;
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
    private final CodeBlock.Builder code = CodeBlock.builder();
    private final Map<String, String> memo = new HashMap<>();
    private final Map<Integer, Integer> localCounts = new HashMap<>();
    private final Set<Node> computed = new LinkedHashSet<>();
    private final ArrayDeque<Integer> openLoopCount = new ArrayDeque<>();
    /** The matmul being emitted (the root, or the product a transposing root stores transposed). */
    private Node product;
    private boolean transposedOut;

    KernelEmitter(Plan plan, BufferTable buffers, ElementType type, IndexMath index, Node root) {
        this.plan = plan;
        this.buffers = buffers;
        this.type = type;
        this.index = index;
        this.root = root;
    }

    /** The kernel body. */
    CodeBlock emit() {
        computed.add(root);
        Object op = root.op();
        if (op instanceof Reduce r) {
            reduce(r);
        } else if (op instanceof Matmul) {
            matmul(root, false);
        } else if (plan.transposedProduct(root) != null) {
            computed.add(plan.transposedProduct(root));
            matmul(plan.transposedProduct(root), true);
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

    /** Nodes this kernel computes: the root and the fused producers, in the order they are emitted. */
    Set<Node> computedNodes() {
        return computed;
    }

    // ---- loop nests per kind of root ----

    private void pointwise() {
        String[] idx = openLoops(root.shape());
        String value = value(root, idx, true);
        code.addStatement("this.$L[$L] = $L", out(), index.flat(root.shape(), idx), value);
        closeLoops();
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
        code.beginControlFlow("for (int r = 0; r < $L; r++)", index.size(x.shape().dim(r.axis())));
        String v = value(x, xIdx, false);
        if (sum) {
            code.addStatement("acc += $L", v);
        } else {
            code.addStatement("acc = Math.max(acc, $L)", v);
        }
        code.endControlFlow();
        forgetLoopScope();
        code.addStatement("this.$L[$L] = acc", out(), index.flat(root.shape(), outIdx));
        closeLoops();
    }

    /** Columns accumulated in locals at once: few enough to stay in registers. */
    private static final int COLUMN_BLOCK = 8;

    /**
     * {@code out[..., i, j] = sum_k a[..., i, k] * b[..., k, j]}. With a static column count, each
     * block of {@link #COLUMN_BLOCK} columns is accumulated in locals across k (independent sums, so
     * no serial dependency and no memory round trips); otherwise in i-k-j order over the output
     * row. Either way every element adds its products in k order from zero, as the interpreter does.
     */
    private void matmul(Node product, boolean transposedOut) {
        this.product = product;
        this.transposedOut = transposedOut;
        int rank = product.rank();
        Shape batch = product.shape().withoutAxis(rank - 1).withoutAxis(rank - 2);
        String[] batchIdx = openLoops(batch);
        Dim rows = product.shape().dim(rank - 2);
        if (product.shape().dim(rank - 1).isSymbolic()) {
            String[] rowIdx = rowIndex(batchIdx, rows.isOne() ? "0" : "i");
            if (!rows.isOne()) {
                code.beginControlFlow("for (int i = 0; i < $L; i++)", index.size(rows));
            }
            rowAxpy(rowIdx);
            if (!rows.isOne()) {
                code.endControlFlow();
            }
        } else if (rows.isOne()) {
            columnBlocks(List.<String[]>of(rowIndex(batchIdx, "0")));
        } else {
            // rows in pairs: each loaded element of b serves two rows
            String size = index.size(rows);
            String pairs = rows.isSymbolic() ? "(" + size + " & ~1)" : Integer.toString(rows.max() & ~1);
            code.beginControlFlow("for (int i = 0; i < $L; i += 2)", pairs);
            columnBlocks(List.<String[]>of(rowIndex(batchIdx, "i"), rowIndex(batchIdx, "i + 1")));
            code.endControlFlow();
            if (rows.isSymbolic()) {
                code.beginControlFlow("if (($L & 1) != 0)", size);
                columnBlocks(List.<String[]>of(rowIndex(batchIdx, size + " - 1")));
                code.endControlFlow();
            } else if (rows.max() % 2 == 1) {
                columnBlocks(List.<String[]>of(rowIndex(batchIdx, Integer.toString(rows.max() - 1))));
            }
        }
        forgetLoopScope();
        closeLoops();
    }

    private static String[] rowIndex(String[] batchIdx, String row) {
        String[] idx = Arrays.copyOf(batchIdx, batchIdx.length + 1);
        idx[batchIdx.length] = row;
        return idx;
    }

    private void columnBlocks(List<String[]> rowIdxs) {
        int n = product.shape().dim(product.rank() - 1).max();
        int full = n / COLUMN_BLOCK * COLUMN_BLOCK;
        if (full > COLUMN_BLOCK) {
            code.beginControlFlow("for (int jb = 0; jb < $L; jb += $L)", full, COLUMN_BLOCK);
            columnBlock(rowIdxs, "jb", COLUMN_BLOCK);
            code.endControlFlow();
        } else if (full == COLUMN_BLOCK) {
            columnBlock(rowIdxs, "0", COLUMN_BLOCK);
        }
        if (n > full) {
            columnBlock(rowIdxs, Integer.toString(full), n - full);
        }
    }

    /** A register tile: {@code rows x width} sums in locals, accumulated over k. */
    private void columnBlock(List<String[]> rowIdxs, String firstColumn, int width) {
        int rank = product.rank();
        for (int r = 0; r < rowIdxs.size(); r++) {
            for (int c = 0; c < width; c++) {
                code.addStatement("$L acc$L_$L = $L", type.keyword(), r, c, type.literal(0.0));
            }
        }
        code.beginControlFlow("for (int k = 0; k < $L; k++)", index.size(product.input(0).shape().dim(rank - 1)));
        for (int r = 0; r < rowIdxs.size(); r++) {
            String[] aIdx = Arrays.copyOf(rowIdxs.get(r), rank);
            aIdx[rank - 1] = "k";
            code.addStatement("$L a$L = $L", type.keyword(), r, value(product.input(0), aIdx, false));
        }
        for (int c = 0; c < width; c++) {
            String[] bIdx = Arrays.copyOf(rowIdxs.get(0), rank);
            bIdx[rank - 2] = "k";
            bIdx[rank - 1] = column(firstColumn, c);
            code.addStatement("$L b$L = $L", type.keyword(), c, value(product.input(1), bIdx, false));
            for (int r = 0; r < rowIdxs.size(); r++) {
                code.addStatement("acc$L_$L += a$L * b$L", r, c, r, c);
            }
        }
        code.endControlFlow();
        forgetLoopScope();
        for (int r = 0; r < rowIdxs.size(); r++) {
            for (int c = 0; c < width; c++) {
                String[] outIdx = Arrays.copyOf(rowIdxs.get(r), rank);
                outIdx[rank - 1] = column(firstColumn, c);
                code.addStatement("this.$L[$L] = acc$L_$L", out(), productAt(outIdx), r, c);
            }
        }
    }

    private static String column(String first, int c) {
        if (first.equals("0") || first.matches("[0-9]+")) {
            return Integer.toString(Integer.parseInt(first) + c);
        }
        return c == 0 ? first : first + " + " + c;
    }

    /** Output row accumulated in place, for a symbolic column count. */
    private void rowAxpy(String[] rowIdx) {
        int rank = product.rank();
        String[] idx = Arrays.copyOf(rowIdx, rank);
        idx[rank - 1] = "j";
        String columns = index.size(product.shape().dim(rank - 1));
        String outAt = productAt(idx);
        code.beginControlFlow("for (int j = 0; j < $L; j++)", columns)
                .addStatement("this.$L[$L] = $L", out(), outAt, type.literal(0.0))
                .endControlFlow();
        String[] aIdx = idx.clone();
        aIdx[rank - 1] = "k";
        String[] bIdx = idx.clone();
        bIdx[rank - 2] = "k";
        code.beginControlFlow("for (int k = 0; k < $L; k++)", index.size(product.input(0).shape().dim(rank - 1)));
        code.addStatement("$L a0 = $L", type.keyword(), value(product.input(0), aIdx, false));
        code.beginControlFlow("for (int j = 0; j < $L; j++)", columns);
        code.addStatement("this.$L[$L] += a0 * $L", out(), outAt, value(product.input(1), bIdx, false));
        code.endControlFlow();
        code.endControlFlow();
    }

    /** Where the product's element at idx goes in the output buffer (transposed for a fused transpose). */
    private String productAt(String[] idx) {
        if (!transposedOut) {
            return index.flat(root.shape(), idx);
        }
        String[] swapped = idx.clone();
        swapped[idx.length - 1] = idx[idx.length - 2];
        swapped[idx.length - 2] = idx[idx.length - 1];
        return index.flat(root.shape(), swapped);
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
        code.addStatement("this.$L[$L] += $L", out(), index.flat(root.shape(), outIdx), v);
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
        code.addStatement("this.$L[($L) * $L + id] += $L", out(), base, s.size(), v);
        closeLoops();
    }

    private void concat(Concat c) {
        int offset = 0;
        for (Node part : root.inputs()) {
            String[] idx = openLoops(part.shape());
            String[] outIdx = idx.clone();
            outIdx[c.axis()] = offset == 0 ? idx[c.axis()] : idx[c.axis()] + " + " + offset;
            String v = value(part, idx, false);
            code.addStatement("this.$L[$L] = $L", out(), index.flat(root.shape(), outIdx), v);
            closeLoops();
            offset += part.shape().dim(c.axis()).max();
        }
    }

    // ---- values at an index ----

    /**
     * A Java expression for {@code n}'s element at {@code idx}: a buffer read, a literal, an index
     * expression, or a local computed by statements emitted just before.
     */
    private String value(Node n, String[] idx, boolean compute) {
        NodeKind kind = plan.kind(n);
        if (!compute && (plan.isMaterialized(n) || kind == NodeKind.LEAF || kind == NodeKind.TABLE)) {
            return "this." + buffers.field(n) + "[" + index.flat(n.shape(), idx) + "]";
        }
        computed.add(n);
        Object op = n.op();
        if (op instanceof Constant c) {
            return type.literal(c.fillValue());
        }
        if (op instanceof Iota iota) {
            String position = "(" + idx[iota.axis()] + ")";
            return n.dtype().isFloating() ? "((" + type.keyword() + ") " + position + ")" : position;
        }
        if (op instanceof Numel numel) {
            return "((" + type.keyword() + ") " + index.count(numel.of()) + ")";
        }
        if (op instanceof StopGradient) {
            return value(n.input(0), idx, false);
        }
        if (op instanceof BroadcastTo) {
            return value(n.input(0), broadcastIndex(n, idx), false);
        }
        if (op instanceof Transpose t) {
            int[] perm = t.perm();
            String[] in = new String[idx.length];
            for (int a = 0; a < perm.length; a++) {
                in[perm[a]] = idx[a];
            }
            return value(n.input(0), in, false);
        }
        if (op instanceof Slice s) {
            String[] in = idx.clone();
            in[s.axis()] = idx[s.axis()] + " + " + s.start();
            return value(n.input(0), in, false);
        }
        if (kind == NodeKind.RESHAPE) {
            return contiguous(n.input(0), index.flat(n.shape(), idx));
        }
        return local(n, idx);
    }

    /** Reads a contiguous node at a flat index (through reshapes and stop-gradients). */
    private String contiguous(Node n, String flat) {
        while (plan.kind(n) == NodeKind.RESHAPE || n.op() instanceof StopGradient) {
            if (plan.isMaterialized(n)) {
                break;
            }
            n = n.input(0);
        }
        if (n.op() instanceof Constant c && c.isFill()) {
            computed.add(n);
            return type.literal(c.fillValue());
        }
        String field = buffers.field(n);
        if (field == null) {
            throw new IllegalStateException("lowering bug: reshape input " + n + " has no contiguous buffer");
        }
        return "this." + field + "[" + flat + "]";
    }

    private String[] broadcastIndex(Node n, String[] idx) {
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
        if (op instanceof GatherRows) {
            Node ids = n.input(1);
            String[] idsIdx = new String[ids.rank()];
            System.arraycopy(idx, 0, idsIdx, 0, ids.rank());
            String[] tableIdx = new String[n.input(0).rank()];
            tableIdx[0] = value(ids, idsIdx, false);
            System.arraycopy(idx, ids.rank(), tableIdx, 1, tableIdx.length - 1);
            return value(n.input(0), tableIdx, false);
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

    private String[] openLoops(Shape shape) {
        String[] idx = new String[shape.rank()];
        for (int a = 0; a < shape.rank(); a++) {
            Dim d = shape.dim(a);
            if (d.isOne()) {
                idx[a] = "0";
                continue;
            }
            idx[a] = "i" + a;
            code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", idx[a], idx[a], index.size(d), idx[a]);
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

    private void closeLoops() {
        int loops = openLoopCount.pop();
        for (int i = 0; i < loops; i++) {
            code.endControlFlow();
        }
        forgetLoopScope();
    }

    /** Locals declared inside a loop body are out of scope after it. */
    private void forgetLoopScope() {
        memo.clear();
    }

    private void zeroOutput() {
        code.addStatement("java.util.Arrays.fill(this.$L, 0, $L, $L)", out(), index.count(root.shape()), type.literal(0.0));
    }

    private String out() {
        return buffers.field(root);
    }
}
