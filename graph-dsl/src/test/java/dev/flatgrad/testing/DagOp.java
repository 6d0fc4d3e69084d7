package dev.flatgrad.testing;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.ops.Compare;
import java.util.ArrayList;
import java.util.List;

/**
 * The ops a random DAG program can apply, in shrink order (code 0, neg, is the simplest). Each
 * returns the new node, or null when it does not fit the operand: wrong rank, or values where
 * finite differences would not be trustworthy.
 */
enum DagOp {
    NEG {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            return x.neg();
        }
    },
    EXP {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            return s.all(x, v -> ValueChecks.max(v) <= 3) ? x.exp() : null;
        }
    },
    LOG {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            return positive(s, x) ? x.log() : null;
        }
    },
    SQRT {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            return positive(s, x) ? x.sqrt() : null;
        }
    },
    RSQRT {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            return positive(s, x) ? x.rsqrt() : null;
        }
    },
    RELU {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            return s.all(x, v -> ValueChecks.minAbs(v) >= KINK_MARGIN) ? x.relu() : null;
        }
    },
    POW {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            double e = c.pick(List.of(2.0, 3.0, 0.5, -1.0, 1.5, -0.5));
            boolean wholePositive = e >= 1 && e == Math.rint(e);
            return wholePositive || positive(s, x) ? x.pow(e) : null;
        }
    },
    ADD {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            Node y = broadcastPartner(s, x, c);
            return y == null ? null : x.add(y);
        }
    },
    SUB {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            Node y = broadcastPartner(s, x, c);
            return y == null ? null : x.sub(y);
        }
    },
    MUL {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            Node y = broadcastPartner(s, x, c);
            return y == null ? null : x.mul(y);
        }
    },
    DIV {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            Node y = broadcastPartner(s, x, c);
            return y != null && s.all(y, v -> ValueChecks.minAbs(v) >= 0.3) ? x.div(y) : null;
        }
    },
    MAXIMUM {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            Node y = broadcastPartner(s, x, c);
            boolean clear = y != null && s.allPairs(x, y, (a, b) -> ValueChecks.minAbsDifference(a, b) >= KINK_MARGIN);
            return clear ? x.maximum(y) : null;
        }
    },
    SUM {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            if (x.rank() == 0) {
                return null;
            }
            int axis = c.nextInt(x.rank());
            return x.sum(Shapes.maybeNegative(c, axis, x.rank()), c.nextBoolean());
        }
    },
    MAX {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            if (x.rank() == 0) {
                return null;
            }
            int axis = c.nextInt(x.rank());
            boolean clear = s.all(x, v -> ValueChecks.minTopTwoGap(v, axis) >= KINK_MARGIN);
            return clear ? x.max(Shapes.maybeNegative(c, axis, x.rank()), c.nextBoolean()) : null;
        }
    },
    MATMUL {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            int r = x.rank();
            if (r < 2) {
                return null;
            }
            List<Dim> dims = new ArrayList<>(x.shape().dims().subList(0, r - 2));
            dims.add(x.shape().dim(r - 1));
            dims.add(Dim.fixed(1 + c.nextInt(4)));
            Node y = s.partner(c, v -> v.rank() == r && v.shape().dims().subList(0, r - 2).equals(dims.subList(0, r - 2))
                    && v.shape().dim(r - 2).equals(x.shape().dim(r - 1)), Shape.of(dims));
            return y == null ? null : x.matmul(y);
        }
    },
    TRANSPOSE {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            if (x.rank() < 2) {
                return null;
            }
            return c.nextBoolean() ? x.transpose() : x.permute(Shapes.permutation(c, x.rank()));
        }
    },
    RESHAPE {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            return x.reshape(Shapes.regroup(c, x.shape()));
        }
    },
    SLICE {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            int axis = Shapes.fixedAxis(c, x.shape(), 2);
            if (axis < 0) {
                return null;
            }
            int n = x.shape().dim(axis).max();
            int start = c.nextInt(n);
            int end = start + 1 + c.nextInt(n - start);
            return x.slice(Shapes.maybeNegative(c, axis, x.rank()), start, end);
        }
    },
    CONCAT {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            int axis = Shapes.fixedAxis(c, x.shape(), 1);
            if (axis < 0) {
                return null;
            }
            Node y = s.partner(c, v -> v.rank() == x.rank() && !v.shape().dim(axis).isSymbolic()
                    && v.shape().withDim(axis, Dim.fixed(1)).equals(x.shape().withDim(axis, Dim.fixed(1))), null);
            return y == null ? null : x.concat(Shapes.maybeNegative(c, axis, x.rank()), y);
        }
    },
    BROADCAST {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            List<Dim> dims = new ArrayList<>();
            boolean grew = false;
            for (Dim d : x.shape().dims()) {
                boolean expand = d.isOne() && c.nextBoolean();
                dims.add(expand ? Dim.fixed(2 + c.nextInt(2)) : d);
                grew |= expand;
            }
            if (!grew || c.nextBoolean()) {
                dims.add(0, Dim.fixed(2 + c.nextInt(2)));
            }
            return x.broadcastTo(Shape.of(dims));
        }
    },
    GATHER_ROWS {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            if (x.rank() == 0 || x.shape().dim(0).isSymbolic()) {
                return null;
            }
            Node ids = s.input(Shapes.random(c, 1, 2, 3, s.symbol()), Domain.ids(x.shape().dim(0).max()));
            return x.gatherRows(ids);
        }
    },
    GATHER_LAST {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            if (x.rank() == 0 || x.shape().dim(x.rank() - 1).isSymbolic()) {
                return null;
            }
            Node ids = s.input(x.shape().withoutAxis(x.rank() - 1), Domain.ids(x.shape().dim(x.rank() - 1).max()));
            return x.gatherLast(ids);
        }
    },
    SCATTER_ADD_ROWS {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            if (x.rank() == 0) {
                return null;
            }
            int rows = 1 + c.nextInt(4);
            Node ids = s.input(Shape.of(List.of(x.shape().dim(0))), Domain.ids(rows));
            return x.scatterAddRows(ids, rows);
        }
    },
    SCATTER_ADD_LAST {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            int size = 1 + c.nextInt(3);
            return x.scatterAddLast(s.input(x.shape(), Domain.ids(size)), size);
        }
    },
    SELECT {
        @Override
        Node apply(DagState s, Node x, Choices c) {
            Node y = broadcastPartner(s, x, c);
            if (y == null) {
                return null;
            }
            // the mask comes from a fed input, so perturbing a param never flips it
            Compare.Kind kind = c.pick(List.of(Compare.Kind.values()));
            Node u = s.input(Shapes.broadcastableTo(c, x.shape()), Domain.wholeNumbers(0, 2));
            return Compare.apply(kind, u, x.graph().constant(1.0)).select(x, y);
        }
    };

    /**
     * How far values must stay from a kink (relu at 0, ties in max). Finite differences move values
     * by about 1e-5 times their sensitivity; 0.02 leaves a wide safety factor.
     */
    static final double KINK_MARGIN = 0.02;

    /** Lower bound for inputs of log, sqrt, rsqrt and fractional or negative powers. */
    static final double DOMAIN_MIN = 0.2;

    abstract Node apply(DagState s, Node x, Choices c);

    static DagOp of(int code) {
        return values()[Math.floorMod(code, values().length)];
    }

    private static boolean positive(DagState s, Node x) {
        return s.all(x, v -> ValueChecks.min(v) >= DOMAIN_MIN);
    }

    private static Node broadcastPartner(DagState s, Node x, Choices c) {
        return s.partner(c, v -> broadcastable(v.shape(), x.shape()), Shapes.broadcastableTo(c, x.shape()));
    }

    static boolean broadcastable(Shape a, Shape b) {
        for (int i = 1; i <= Math.min(a.rank(), b.rank()); i++) {
            Dim da = a.dim(a.rank() - i);
            Dim db = b.dim(b.rank() - i);
            if (!da.equals(db) && !da.isOne() && !db.isOne()) {
                return false;
            }
        }
        return true;
    }
}
