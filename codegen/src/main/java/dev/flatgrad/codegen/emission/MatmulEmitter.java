package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.flatgrad.codegen.lowering.CausalStructure;
import dev.flatgrad.codegen.lowering.CausalStructure.Region;
import dev.flatgrad.codegen.lowering.MatmulKernel;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits a matrix-product kernel {@code out[.., r, c] = sum_k a(r, k) * b(k, c)}. Rows go in blocks (pairs, or
 * fours with vectors in fast numerics) and columns in blocks whose sums stay in locals across k (a register
 * tile): each loaded {@code b} serves every row of the block and no sum waits on another. With vector lanes, full
 * blocks of columns are {@code DoubleVector}s (or {@code FloatVector}s) updated as
 * {@code acc = acc.add(b.mul(av))}, {@code av} the broadcast {@code a}: per lane the same multiply and add as the
 * scalar code (fast numerics: {@code b.fma(av, acc)}). Every output adds its products in k order from zero,
 * exactly as the interpreter does, so results do not depend on the path taken.
 */
final class MatmulEmitter {
    /** Scalar columns per register tile. */
    static final int COLUMN_BLOCK = 8;
    /** Vectors per register tile. */
    private static final int VECTOR_BLOCK = 2;
    /**
     * Rows per vector register tile in fast numerics (a power of two): 4 x 2 sums, and every loaded vector of b
     * serves 4 rows (d64 f32 batch 16: 50 instead of 66 µs per document). Exact numerics keep pairs: with 4 rows
     * its kernels (a multiply and an add per product) sometimes ran 10x slower, the Vector API falling back to
     * its Java code in C2's compilation of the pass (d64 f64 batch 16: 1,724 instead of 129 µs per document).
     */
    private static final int VECTOR_ROWS = 4;

    private final KernelEmitter kernel;
    private final CodeBlock.Builder code;
    private final ElementType type;
    private final IndexMath index;
    private final MatmulKernel m;
    private final Node root;
    private final int lanes;
    private final int rank;
    /** The causal regions: of the output (r, c) computed, of a(r, k) and b(k, c) that are not 0. */
    private final Region outRegion;
    private final Region aRegion;
    private final Region bRegion;
    private final CausalBounds bounds;
    /** Fast numerics: fused multiply-adds. */
    private final boolean fast;
    /** The row whose region of a bounds the k loop; null: k runs over everything. */
    private String kRow;

    MatmulEmitter(KernelEmitter kernel, MatmulKernel m, int lanes) {
        this.kernel = kernel;
        this.code = kernel.code();
        this.type = kernel.type();
        this.index = kernel.index();
        this.m = m;
        this.root = m.root();
        this.lanes = lanes;
        this.rank = root.rank();
        CausalStructure causal = kernel.causal();
        this.bounds = kernel.bounds();
        this.outRegion = causal.computed(root);
        this.fast = kernel.fast();
        Region a = nonZero(causal, m.a());
        Region b = nonZero(causal, m.b());
        // a(r, k) is A[r, k], or B[k, r] in a transposed product; b(k, c) is B[k, c], or A[c, k]
        this.aRegion = m.swapped() ? a.transposed() : a;
        this.bRegion = m.swapped() ? b.transposed() : b;
    }

    private static Region nonZero(CausalStructure causal, Node operand) {
        Region r = causal.zeroOutside(operand);
        return r == Region.NONE ? Region.ALL : r;
    }

    void emit() {
        Shape batch = root.shape().withoutAxis(rank - 1).withoutAxis(rank - 2);
        String[] batchIdx = kernel.openLoops(batch);
        Dim rows = root.shape().dim(rank - 2);
        if (root.shape().dim(rank - 1).isSymbolic()) {
            boolean loop = !rows.isOne();
            if (loop) {
                code.beginControlFlow("for (int i = 0; i < $L; i++)", index.size(rows));
            }
            if (reductionLength().isSymbolic()) {
                rowAxpy(batchIdx, loop ? "i" : "0");
            } else {
                dotProducts(batchIdx, loop ? "i" : "0");
            }
            if (loop) {
                code.endControlFlow();
            }
        } else if (rows.isOne()) {
            kRow = aRegion == Region.ALL ? null : "0";
            columns(batchIdx, List.of("0"));
        } else if (aRegion != Region.ALL) {
            // each row sums over its own causal range of k: one row at a time
            code.beginControlFlow("for (int i = 0; i < $L; i++)", index.size(rows));
            kRow = "i";
            columns(batchIdx, List.of("i"));
            code.endControlFlow();
        } else if (vectorRows(lanes, fast) > 2) {
            rowBlocks(batchIdx, rows);
        } else {
            String size = index.size(rows);
            String pairs = rows.isSymbolic() ? "(" + size + " & ~1)" : Integer.toString(rows.max() & ~1);
            code.beginControlFlow("for (int i = 0; i < $L; i += 2)", pairs);
            columns(batchIdx, List.of("i", "i + 1"));
            code.endControlFlow();
            if (rows.isSymbolic()) {
                code.beginControlFlow("if (($L & 1) != 0)", size);
                columns(batchIdx, List.of(size + " - 1"));
                code.endControlFlow();
            } else if (rows.max() % 2 == 1) {
                columns(batchIdx, List.of(Integer.toString(rows.max() - 1)));
            }
        }
        kernel.forgetLoopScope();
        kernel.closeLoops();
    }

    /** The rows of a register tile over all rows (a power of two). */
    static int vectorRows(int lanes, boolean fast) {
        return lanes > 0 && fast ? VECTOR_ROWS : 2;
    }

    /** Vector tiles: the rows in blocks of {@link #VECTOR_ROWS}, then the rows left over one at a time. */
    private void rowBlocks(String[] batchIdx, Dim rows) {
        String size = index.size(rows);
        int mask = VECTOR_ROWS - 1;
        String blocked = rows.isSymbolic() ? "(" + size + " & ~" + mask + ")" : Integer.toString(rows.max() & ~mask);
        code.beginControlFlow("for (int i = 0; i < $L; i += $L)", blocked, VECTOR_ROWS);
        List<String> blockRows = new ArrayList<>(List.of("i"));
        for (int r = 1; r < VECTOR_ROWS; r++) {
            blockRows.add("i + " + r);
        }
        columns(batchIdx, blockRows);
        code.endControlFlow();
        if (rows.isSymbolic() || (rows.max() & mask) != 0) {
            code.beginControlFlow("for (int i = $L; i < $L; i++)", blocked, size);
            columns(batchIdx, List.of("i"));
            code.endControlFlow();
        }
    }

    /** All columns of the given rows: vector tiles first (when vectorised), then scalar tiles. */
    private void columns(String[] batch, List<String> rows) {
        List<Tile> tiles = columnTiles(root.shape().dim(rank - 1).max(), lanes);
        // tiles outside a column loop get blocks of their own when several share a scope
        boolean ownScopes = tiles.stream().filter(t -> !t.looped()).count() > 1;
        for (Tile t : tiles) {
            if (t.looped()) {
                code.beginControlFlow("for (int jb = $L; jb < $L; jb += $L)", t.from(), t.to(), t.step());
            } else if (ownScopes) {
                code.add("{\n").indent();
            }
            String first = t.looped() ? "jb" : Integer.toString(t.from());
            if (t.vector()) {
                vectorTile(batch, rows, first, t.width());
            } else if (rows.size() <= 2) {
                scalarTile(batch, rows, first, t.width());
            } else { // two rows at a time: scalar sums of more rows would not stay in registers
                for (int r = 0; r < rows.size(); r += 2) {
                    code.add("{\n").indent();
                    scalarTile(batch, rows.subList(r, Math.min(r + 2, rows.size())), first, t.width());
                    code.unindent().add("}\n");
                }
            }
            if (t.looped()) {
                code.endControlFlow();
            } else if (ownScopes) {
                code.unindent().add("}\n");
            }
        }
    }

    /**
     * How {@code n} columns split into tiles with vectors of {@code lanes} lanes (0: scalar code):
     * blocks of {@link #VECTOR_BLOCK} vectors, then a smaller block of vectors, then blocks of
     * {@link #COLUMN_BLOCK} scalar columns, then the remaining columns.
     */
    static List<Tile> columnTiles(int n, int lanes) {
        List<Tile> tiles = new ArrayList<>();
        int done = 0;
        if (lanes > 0) {
            int vectors = n / lanes;
            int tile = VECTOR_BLOCK * lanes;
            int tiled = vectors / VECTOR_BLOCK * tile;
            if (tiled > 0) {
                tiles.add(new Tile(true, 0, tiled, tile, VECTOR_BLOCK));
            }
            if (vectors % VECTOR_BLOCK != 0) {
                tiles.add(new Tile(true, tiled, tiled + vectors % VECTOR_BLOCK * lanes, 0, vectors % VECTOR_BLOCK));
            }
            done = vectors * lanes;
        }
        int full = done + (n - done) / COLUMN_BLOCK * COLUMN_BLOCK;
        if (full > done) {
            tiles.add(new Tile(false, done, full, COLUMN_BLOCK, COLUMN_BLOCK));
        }
        if (n > full) {
            tiles.add(new Tile(false, full, n, 0, n - full));
        }
        return tiles;
    }

    /** Columns {@code [from, to)} in tiles of {@code width} columns or vectors; looped when more than one. */
    record Tile(boolean vector, int from, int to, int step, int width) {
        Tile {
            if (step > 0 && to - from == step) {
                step = 0; // a single tile needs no loop
            }
        }

        boolean looped() {
            return step > 0;
        }
    }

    /** {@code rows x width} sums in scalar locals, accumulated over k. */
    private void scalarTile(String[] batch, List<String> rows, String first, int width) {
        String t = type.keyword();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < width; c++) {
                code.addStatement("$L acc$L_$L = $L", t, r, c, type.literal(0.0));
            }
        }
        openK();
        loadA(batch, rows);
        for (int c = 0; c < width; c++) {
            code.addStatement("$L b$L = $L", t, c, kernel.value(m.b(), m.bIndex(batch, "k", column(first, c)), false));
            for (int r = 0; r < rows.size(); r++) {
                if (fast) {
                    code.addStatement("acc$L_$L = $L", r, c, type.fma("a" + r, "b" + c, "acc" + r + "_" + c));
                } else {
                    code.addStatement("acc$L_$L += a$L * b$L", r, c, r, c);
                }
            }
        }
        closeK();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < width; c++) {
                code.addStatement("$L[$L] = acc$L_$L", kernel.out(), outAt(batch, rows.get(r), column(first, c)), r, c);
            }
        }
    }

    /** {@code rows x vectors} vector sums, accumulated over k with lanewise multiply then add. */
    private void vectorTile(String[] batch, List<String> rows, String first, int vectors) {
        ClassName vector = vectorClass(type);
        for (int r = 0; r < rows.size(); r++) {
            for (int v = 0; v < vectors; v++) {
                code.addStatement("$T acc$L_$L = $T.zero(SPECIES)", vector, r, v, vector);
            }
        }
        openK();
        loadA(batch, rows);
        for (int r = 0; r < rows.size(); r++) { // once per row, not once per vector of b
            code.addStatement("$T av$L = $T.broadcast(SPECIES, a$L)", vector, r, vector, r);
        }
        for (int v = 0; v < vectors; v++) {
            String[] at = kernel.address(m.b(), m.bIndex(batch, "k", column(first, v * lanes)));
            code.addStatement("$T b$L = $T.fromArray(SPECIES, $L, $L)", vector, v, vector, kernel.buffer(at[0]), at[1]);
            for (int r = 0; r < rows.size(); r++) {
                if (fast) { // one rounding instead of two
                    code.addStatement("acc$L_$L = b$L.fma(av$L, acc$L_$L)", r, v, v, r, r, v);
                } else {
                    code.addStatement("acc$L_$L = acc$L_$L.add(b$L.mul(av$L))", r, v, r, v, v, r);
                }
            }
        }
        closeK();
        for (int r = 0; r < rows.size(); r++) {
            for (int v = 0; v < vectors; v++) {
                code.addStatement("acc$L_$L.intoArray($L, $L)", r, v, kernel.out(),
                        outAt(batch, rows.get(r), column(first, v * lanes)));
            }
        }
    }

    /**
     * One sum per output element, for a symbolic column count and a fixed k (attention scores, whose
     * k runs over the head width): the sums of neighbouring columns are independent, so they overlap.
     */
    private void dotProducts(String[] batch, String row) {
        code.beginControlFlow("for (int j = $L; j < $L; j++)", from(outRegion, row), to(outRegion, row));
        code.addStatement("$L acc = $L", type.keyword(), type.literal(0.0));
        openK();
        String a = kernel.value(m.a(), m.aIndex(batch, row, "k"), false);
        String b = kernel.value(m.b(), m.bIndex(batch, "k", "j"), false);
        code.addStatement(fast ? "acc = " + type.fma(a, b, "acc") : "acc += " + a + " * " + b);
        closeK();
        code.addStatement("$L[$L] = acc", kernel.out(), outAt(batch, row, "j"));
        code.endControlFlow();
    }

    /** The output row accumulated in place, for symbolic column and k counts (e.g. gradients through attention). */
    private void rowAxpy(String[] batch, String row) {
        String out = outAt(batch, row, "j");
        code.beginControlFlow("for (int j = $L; j < $L; j++)", from(outRegion, row), to(outRegion, row))
                .addStatement("$L[$L] = $L", kernel.out(), out, type.literal(0.0))
                .endControlFlow();
        kRow = aRegion == Region.ALL ? null : row;
        openK();
        loadA(batch, List.of(row));
        String length = index.size(root.shape().dim(rank - 1));
        code.beginControlFlow("for (int j = $L; j < $L; j++)",
                CausalBounds.max(from(outRegion, row), from(bRegion, "k")),
                CausalBounds.min(to(outRegion, row), to(bRegion, "k"), length));
        String b = kernel.value(m.b(), m.bIndex(batch, "k", "j"), false);
        String target = kernel.out() + "[" + out + "]";
        code.addStatement(fast ? target + " = " + type.fma("a0", b, target) : target + " += a0 * " + b);
        code.endControlFlow();
        closeK();
    }

    /** The length of the summed axis k. */
    private Dim reductionLength() {
        Node a = m.a();
        return m.swapped() ? a.shape().dim(rank - 2) : a.shape().dim(rank - 1);
    }

    private void openK() {
        if (kRow == null) {
            code.beginControlFlow("for (int k = 0; k < $L; k++)", index.size(reductionLength()));
        } else { // only where a(row, k) is not 0
            code.beginControlFlow("for (int k = $L; k < $L; k++)", from(aRegion, kRow), to(aRegion, kRow));
        }
    }

    private String from(Region region, String row) {
        return region == Region.ALL ? "0" : bounds.from(region, row, kernel.receiver());
    }

    private String to(Region region, String row) {
        return region == Region.ALL ? index.size(root.shape().dim(rank - 1)) : bounds.to(region, row, kernel.receiver());
    }

    private void closeK() {
        code.endControlFlow();
        kernel.forgetLoopScope();
    }

    private void loadA(String[] batch, List<String> rows) {
        for (int r = 0; r < rows.size(); r++) {
            code.addStatement("$L a$L = $L", type.keyword(), r, kernel.value(m.a(), m.aIndex(batch, rows.get(r), "k"), false));
        }
    }

    private String outAt(String[] batch, String row, String column) {
        List<String> idx = new ArrayList<>(List.of(batch));
        idx.add(row);
        idx.add(column);
        return index.flat(root.shape(), idx.toArray(new String[0]));
    }

    /** {@code DoubleVector} or {@code FloatVector}. */
    static ClassName vectorClass(ElementType type) {
        return ClassName.get("jdk.incubator.vector", type == ElementType.DOUBLE ? "DoubleVector" : "FloatVector");
    }

    private static String column(String first, int c) {
        if (first.matches("[0-9]+")) {
            return Integer.toString(Integer.parseInt(first) + c);
        }
        return c == 0 ? first : first + " + " + c;
    }
}
