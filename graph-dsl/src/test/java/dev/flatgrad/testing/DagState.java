package dev.flatgrad.testing;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.NDArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/** The values built so far by a random DAG program, with their sampled values at every symbol size. */
final class DagState {
    static final int MAX_PARAMS = 3;
    static final int MAX_ELEMENTS = 64;
    static final int MAX_RANK = 4;
    /** Largest magnitude a value may reach; keeps finite-difference rounding error far below the tolerance. */
    static final double MAX_MAGNITUDE = 20;

    private final CaseBuilder b;
    private final List<Node> pool = new ArrayList<>();
    private final Map<Node, List<NDArray>> values = new HashMap<>();
    private int params;

    DagState(CaseBuilder b) {
        this.b = b;
    }

    CaseBuilder builder() {
        return b;
    }

    Dim symbol() {
        return b.symbol();
    }

    void firstParam(Choices header) {
        pool.add(freshParam(Shapes.random(header, 1, 3, 4, b.symbol()), header));
    }

    int poolSize() {
        return pool.size();
    }

    /** A value of the pool counted from the newest, which is 0. */
    Node fromNewest(int index) {
        return pool.get(pool.size() - 1 - index);
    }

    Node newest() {
        return pool.get(pool.size() - 1);
    }

    /**
     * A second operand: a pool value satisfying {@code fits} (newest first), or, as the last choice
     * and while params remain, a fresh param of shape {@code freshShape}; null when there is none.
     */
    Node partner(Choices args, Predicate<Node> fits, Shape freshShape) {
        List<Node> candidates = new ArrayList<>();
        for (int i = pool.size() - 1; i >= 0; i--) {
            if (fits.test(pool.get(i))) {
                candidates.add(pool.get(i));
            }
        }
        boolean freshAllowed = freshShape != null && params < MAX_PARAMS;
        if (candidates.isEmpty() && !freshAllowed) {
            return null;
        }
        int k = args.nextInt(candidates.size() + (freshAllowed ? 1 : 0));
        if (k < candidates.size()) {
            return candidates.get(k);
        }
        return freshAllowed ? freshParam(freshShape, args) : null;
    }

    /** A param with distinct values (no ties for max), positive or of both signs but away from 0. */
    Node freshParam(Shape shape, Choices c) {
        params++;
        Domain domain = c.nextBoolean() ? Domain.distinct(0.5, 2.0) : Domain.distinctSigned(0.3, 1.5);
        Node p = b.param(shape, domain);
        values.put(p, b.valuesAtEverySize(p));
        return p;
    }

    /** A fed input (ids or mask operands) that is no gradient target. */
    Node input(Shape shape, Domain domain) {
        return b.input(shape, domain);
    }

    /** Values at every symbol size. */
    List<NDArray> values(Node n) {
        return values.computeIfAbsent(n, b::valuesAtEverySize);
    }

    /** True when the test holds for the node's value at every size. */
    boolean all(Node n, Predicate<NDArray> test) {
        for (NDArray v : values(n)) {
            if (!test.test(v)) {
                return false;
            }
        }
        return true;
    }

    /** True when the test holds for the two nodes' values at every size. */
    boolean allPairs(Node x, Node y, BiPredicate<NDArray, NDArray> test) {
        List<NDArray> a = values(x);
        List<NDArray> c = values(y);
        for (int i = 0; i < a.size(); i++) {
            if (!test.test(a.get(i), c.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Adds a new value to the pool unless it is too big or its values too large; a rejected node stays unused. */
    boolean offer(Node out) {
        boolean fits = out.rank() <= MAX_RANK && out.shape().maxElements() <= MAX_ELEMENTS
                && all(out, v -> ValueChecks.maxAbs(v) <= MAX_MAGNITUDE);
        if (fits) {
            pool.add(out);
        }
        return fits;
    }
}
