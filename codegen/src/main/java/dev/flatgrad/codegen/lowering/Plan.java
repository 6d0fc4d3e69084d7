package dev.flatgrad.codegen.lowering;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.GatherLast;
import dev.flatgrad.ops.GatherRows;
import dev.flatgrad.ops.Matmul;
import dev.flatgrad.ops.Transpose;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lowering decisions for one program: which nodes get a buffer of their own ("materialized",
 * each computed by one kernel = one loop nest) and which are fused into their consumer's loop as
 * local expressions, and which pass (forward or backward) computes each kernel.
 *
 * <p>Rules: outputs, gradients and loop-nest ops (reductions, matmul, scatter-adds, concat) are
 * materialized. A pointwise node is fused into its single consumer (counting the consumers of the
 * views over it, which read it in place) unless that consumer would read each of its elements more
 * than once (matmul operands, broadcasts, gather tables) or the fused expression grows past
 * {@link #FUSION_LIMIT} nodes. Reshape needs a contiguous input.
 */
public final class Plan {
    /** Most nodes fused into one kernel body; keeps generated methods far below the JIT's size limit. */
    public static final int FUSION_LIMIT = 24;

    private final Graph graph;
    private final NodeKind[] kinds;
    private final boolean[] needed;
    private final boolean[] materialized;
    private final boolean[] isRoot;
    private final Map<Integer, Node> transposedProducts = new HashMap<>();
    private final List<Node> forwardKernels = new ArrayList<>();
    private final List<Node> backwardKernels = new ArrayList<>();
    private final Dim symbol;
    private final int vectorLanes;
    private final boolean everyNode;
    private final CausalStructure causal;

    private Plan(Graph graph, Collection<Node> forwardRoots, Collection<Node> backwardRoots, int vectorLanes,
                 boolean everyNode) {
        this.graph = graph;
        this.vectorLanes = vectorLanes;
        this.everyNode = everyNode;
        int n = graph.size();
        kinds = new NodeKind[n];
        needed = new boolean[n];
        materialized = new boolean[n];
        isRoot = new boolean[n];
        boolean[] forward = reach(forwardRoots);
        List<Node> all = new ArrayList<>(forwardRoots);
        all.addAll(backwardRoots);
        boolean[] any = reach(all);
        for (int id = 0; id < n; id++) {
            needed[id] = any[id];
            if (needed[id]) {
                kinds[id] = NodeKind.of(graph.node(id));
            }
        }
        this.symbol = findSymbol();
        decide(all);
        for (int id = 0; id < n; id++) {
            if (materialized[id] && hasKernel(graph.node(id))) {
                (forward[id] ? forwardKernels : backwardKernels).add(graph.node(id));
            }
        }
        this.causal = CausalStructure.of(this);
    }

    /** Plans the nodes needed by the forward roots (forward pass) and the backward roots (backward pass). */
    public static Plan of(Graph graph, Collection<Node> forwardRoots, Collection<Node> backwardRoots) {
        return new Plan(graph, forwardRoots, backwardRoots, 0, false);
    }

    /**
     * As {@link #of(Graph, Collection, Collection)}, for code whose matmuls use vectors of
     * {@code vectorLanes} lanes (0: scalar code): a weight read transposed by a vectorised matmul gets
     * a transposed copy, so that vector loads are contiguous.
     */
    public static Plan of(Graph graph, Collection<Node> forwardRoots, Collection<Node> backwardRoots, int vectorLanes) {
        return new Plan(graph, forwardRoots, backwardRoots, vectorLanes, false);
    }

    /**
     * As {@link #of(Graph, Collection, Collection, int)}, but with every computing node in a kernel of its own
     * (nothing fused), so that each node's values can be checked after it runs: the numerics check mode.
     */
    public static Plan unfused(Graph graph, Collection<Node> forwardRoots, Collection<Node> backwardRoots, int vectorLanes) {
        return new Plan(graph, forwardRoots, backwardRoots, vectorLanes, true);
    }

    /** True when every computing node has a kernel of its own (see {@link #unfused}). */
    public boolean isUnfused() {
        return everyNode;
    }

    public Graph graph() {
        return graph;
    }

    public boolean isNeeded(Node n) {
        return needed[n.id()];
    }

    public NodeKind kind(Node n) {
        return kinds[n.id()];
    }

    /** True for the nodes the program must compute whole: outputs, the loss, gradients. */
    public boolean isRoot(Node n) {
        return isRoot[n.id()];
    }

    /** Where attention-shaped tensors need computing (the whole tensor when the program has no causal mask). */
    public CausalStructure causal() {
        return causal;
    }

    /** True when the node has a buffer of its own computed by a kernel. */
    public boolean isMaterialized(Node n) {
        return materialized[n.id()];
    }

    /** Kernels of the forward pass, in a valid order. */
    public List<Node> forwardKernels() {
        return forwardKernels;
    }

    /** Kernels computed only by the backward pass, in a valid order. */
    public List<Node> backwardKernels() {
        return backwardKernels;
    }

    /** The program's one symbolic dimension, or null. */
    public Dim symbol() {
        return symbol;
    }

    /** Needed nodes in id order. */
    public List<Node> neededNodes() {
        List<Node> out = new ArrayList<>();
        for (int id = 0; id < needed.length; id++) {
            if (needed[id]) {
                out.add(graph.node(id));
            }
        }
        return out;
    }

    private boolean hasKernel(Node n) {
        NodeKind k = kinds[n.id()];
        return k != NodeKind.LEAF && k != NodeKind.TABLE;
    }

    private boolean[] reach(Collection<Node> roots) {
        boolean[] r = new boolean[graph.size()];
        for (Node root : roots) {
            r[root.id()] = true;
        }
        for (int id = r.length - 1; id >= 0; id--) {
            if (r[id]) {
                for (Node in : graph.node(id).inputs()) {
                    r[in.id()] = true;
                }
            }
        }
        return r;
    }

    private Dim findSymbol() {
        Dim found = null;
        for (Node n : neededNodes()) {
            for (Dim d : n.shape().symbols()) {
                if (found != null && !found.equals(d)) {
                    throw new IllegalArgumentException("codegen supports one symbolic dimension per program; found "
                            + found + " (max " + found.max() + ") and " + d + " (max " + d.max() + ") at " + n);
                }
                found = d;
            }
        }
        return found;
    }

    private void decide(List<Node> roots) {
        int[] uses = new int[graph.size()];
        for (Node n : neededNodes()) {
            for (Node in : n.inputs()) {
                uses[in.id()]++;
            }
        }
        for (Node root : roots) {
            isRoot[root.id()] = true;
            if (kinds[root.id()] != NodeKind.LEAF) {
                materialized[root.id()] = true;
            }
        }
        for (Node n : neededNodes()) {
            NodeKind k = kinds[n.id()];
            if (k == NodeKind.TABLE || k == NodeKind.KERNEL) {
                materialized[n.id()] = true;
            }
            if (k == NodeKind.POINTWISE && everyNode) {
                materialized[n.id()] = true;
            }
            if (n.op() instanceof Matmul) {
                requireAddressable(n.input(0));
                requireAddressable(n.input(1));
            } else if (n.op() instanceof GatherRows || n.op() instanceof GatherLast) {
                requireAddressable(n.input(0));
            } else if (n.op() instanceof dev.flatgrad.ops.CausalMask && !n.inputs().isEmpty()) {
                requireAddressable(n.input(0));
            } else if (k == NodeKind.VIEW && n.op() instanceof dev.flatgrad.ops.BroadcastTo) {
                requireAddressable(n.input(0));
            } else if (k == NodeKind.RESHAPE) {
                requireContiguous(n.input(0));
            }
        }
        if (!everyNode) {
            fuseTransposedProducts(uses);
        }
        if (vectorLanes > 0) {
            copyTransposedVectorOperands();
        }
        materializeSharedValues(uses);
        limitFusion();
        materializeSharedValues(uses); // limiting fusion may have split a kernel whose nodes shared a value
    }

    /** The matrix product a kernel computes, or null when the kernel is no matmul. */
    public MatmulKernel matmul(Node kernelRoot) {
        if (kernelRoot.op() instanceof Matmul) {
            return new MatmulKernel(kernelRoot, kernelRoot, false);
        }
        Node product = transposedProducts.get(kernelRoot.id());
        return product == null ? null : new MatmulKernel(kernelRoot, product, true);
    }

    /** Vector lanes the matmul kernels use (0: scalar). */
    public int vectorLanes() {
        return vectorLanes;
    }

    /** True when a vectorised kernel may load {@code b(k, c .. c + lanes)} as one contiguous vector. */
    public boolean vectorizable(MatmulKernel m) {
        var columns = m.root().shape().dim(m.root().rank() - 1);
        return vectorLanes > 0 && !columns.isSymbolic() && columns.max() >= vectorLanes
                && unitStride(m.b(), m.bColumnAxis());
    }

    /** A vectorised matmul reading a transposed weight gets a contiguous transposed copy (cheap: once per pass). */
    private void copyTransposedVectorOperands() {
        for (Node n : neededNodes()) {
            MatmulKernel m = materialized[n.id()] ? matmul(n) : null;
            if (m == null || m.swapped() || vectorizable(m)) {
                continue;
            }
            Node b = m.b();
            var columns = m.root().shape().dim(m.root().rank() - 1);
            if (b.op() instanceof Transpose && !columns.isSymbolic() && columns.max() >= vectorLanes) {
                materialized[b.id()] = true;
            }
        }
    }

    /** Whether consecutive indices along {@code axis} of {@code n} are adjacent elements of one buffer. */
    public boolean unitStride(Node n, int axis) {
        if (materialized[n.id()] || kinds[n.id()] == NodeKind.LEAF || kinds[n.id()] == NodeKind.TABLE) {
            return axis == n.rank() - 1;
        }
        Object op = n.op();
        if (op instanceof dev.flatgrad.ops.StopGradient || op instanceof dev.flatgrad.ops.Slice) {
            return unitStride(n.input(0), axis);
        }
        if (op instanceof Transpose t) {
            return unitStride(n.input(0), t.perm()[axis]);
        }
        if (op instanceof dev.flatgrad.ops.BroadcastTo) {
            Node in = n.input(0);
            int inAxis = axis - (n.rank() - in.rank());
            return inAxis >= 0 && !(in.shape().dim(inAxis).isOne() && !n.shape().dim(axis).isOne())
                    && unitStride(in, inAxis);
        }
        return kinds[n.id()] == NodeKind.RESHAPE && axis == n.rank() - 1;
    }

    /**
     * A matrix transpose whose input is a matmul used nowhere else (a weight gradient
     * {@code transpose(xᵀ·g)}) computes the product itself and stores it transposed: no extra buffer,
     * no copy kernel.
     */
    private void fuseTransposedProducts(int[] uses) {
        for (Node n : neededNodes()) {
            if (materialized[n.id()] && n.op() instanceof Transpose t && isMatrixTranspose(t.perm())) {
                Node product = n.input(0);
                if (product.op() instanceof Matmul && uses[product.id()] == 1 && !isRoot[product.id()]) {
                    materialized[product.id()] = false;
                    transposedProducts.put(n.id(), product);
                }
            }
        }
    }

    private static boolean isMatrixTranspose(int[] perm) {
        int r = perm.length;
        for (int i = 0; i < r - 2; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return r >= 2 && perm[r - 1] == r - 2 && perm[r - 2] == r - 1;
    }



    /** The node's elements can be read at any index without recomputing arithmetic. */
    private void requireAddressable(Node n) {
        switch (kinds[n.id()]) {
            case VIEW -> requireAddressable(n.input(0));
            case RESHAPE -> requireContiguous(n.input(0));
            case POINTWISE -> materialized[n.id()] = true;
            default -> { }
        }
    }

    /** The node's values lie row-major in one buffer (or depend on nothing but the index). */
    private void requireContiguous(Node n) {
        NodeKind k = kinds[n.id()];
        if (k == NodeKind.RESHAPE || n.op() instanceof dev.flatgrad.ops.StopGradient) {
            requireContiguous(n.input(0));
        } else if (k != NodeKind.LEAF && k != NodeKind.TABLE && !isFill(n)) {
            materialized[n.id()] = true;
        }
    }

    private static boolean isFill(Node n) {
        return n.op() instanceof dev.flatgrad.ops.Constant c && c.isFill();
    }

    /**
     * Gives a buffer to every pointwise node with several readers, so that no two kernels compute it.
     * Its readers are its consumers and the consumers of the views over it: a view without a buffer
     * computes nothing, each of its consumers evaluates the view's input in its own loop. A node all of
     * whose readers are pointwise nodes computed by one pointwise kernel stays fused: they read it at
     * the same index, and the kernel computes it once (e.g. {@code (a + m) + m}, as merging equal
     * subexpressions leaves autodiff's {@code g·x + g·x}).
     */
    private void materializeSharedValues(int[] uses) {
        int[] readers = uses.clone();
        for (int id = readers.length - 1; id >= 0; id--) {
            if (needed[id] && kinds[id] == NodeKind.VIEW && !materialized[id]) {
                readers[graph.node(id).input(0).id()] += readers[id] - 1;
            }
        }
        List<List<Node>> consumers = new ArrayList<>();
        for (int id = 0; id < graph.size(); id++) {
            consumers.add(new ArrayList<>());
        }
        for (Node n : neededNodes()) {
            n.inputs().forEach(in -> consumers.get(in.id()).add(n));
        }
        // the pointwise kernel computing each pointwise node, consumers first
        Node[] kernel = new Node[graph.size()];
        for (int id = readers.length - 1; id >= 0; id--) {
            if (!needed[id] || kinds[id] != NodeKind.POINTWISE) {
                continue;
            }
            Node common = commonKernel(consumers.get(id), kernel);
            if (readers[id] > 1 && common == null) {
                materialized[id] = true;
            }
            kernel[id] = materialized[id] ? graph.node(id) : common;
        }
    }

    /** The one pointwise kernel computing every consumer, or null. */
    private static Node commonKernel(List<Node> consumers, Node[] kernel) {
        Node common = null;
        for (Node c : consumers) {
            Node k = kernel[c.id()];
            if (k == null || common != null && k != common) {
                return null;
            }
            common = k;
        }
        return common;
    }

    /** Materializes pointwise nodes whose fused expression would exceed {@link #FUSION_LIMIT} nodes. */
    private void limitFusion() {
        int[] size = new int[graph.size()];
        for (Node n : neededNodes()) {
            if (materialized[n.id()] || kinds[n.id()] == NodeKind.LEAF || kinds[n.id()] == NodeKind.TABLE) {
                continue;
            }
            int s = 1;
            for (Node in : n.inputs()) {
                s += size[in.id()];
            }
            if (s > FUSION_LIMIT && kinds[n.id()] == NodeKind.POINTWISE) {
                materialized[n.id()] = true;
            } else {
                size[n.id()] = s;
            }
        }
    }
}
