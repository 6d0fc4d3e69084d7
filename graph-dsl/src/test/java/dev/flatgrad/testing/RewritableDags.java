package dev.flatgrad.testing;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Random graphs made of what the graph passes ({@code dev.flatgrad.passes}) rewrite, around a param of a shape S (symbolic or not): constant
 * subexpressions over fills of S and small tables, the identities autodiff and careless code build ({@code x·1},
 * {@code x/1}, {@code x+(−0)}, {@code x−0}, double negation, reshapes and broadcasts to the same shape, reshapes of
 * reshapes, transposes that cancel) and repeated subexpressions. Each step turns a recent value of shape S into a
 * new one; the output adds them all, so every step reaches the loss. Values stay moderate (no exp, squashes).
 */
public final class RewritableDags {
    public static final int MAX_STEPS = 10;

    private RewritableDags() {
    }

    public static CaseGenerator generator() {
        return RewritableDags::build;
    }

    public static GeneratedCase build(Choices c, long valueSeed, boolean allowSymbol) {
        CaseBuilder b = CaseBuilder.start("rewritable dag", c, valueSeed, allowSymbol);
        Shape shape = Shapes.random(c, 1, 3, 3, b.symbol());
        List<Node> pool = new ArrayList<>(List.of(b.param(shape, Domain.uniform(-1.5, 1.5))));
        int steps = c.between(1, MAX_STEPS);
        for (int i = 0; i < steps; i++) {
            Node x = pool.get(pool.size() - 1 - c.nextInt(Math.min(3, pool.size())));
            pool.add(c.pick(List.of(Step.values())).apply(b, x, c));
        }
        Node out = pool.get(0);
        for (Node n : pool.subList(1, pool.size())) {
            out = out.add(n);
        }
        return b.finish(out);
    }

    private enum Step {
        NEG {
            @Override
            Node apply(CaseBuilder b, Node x, Choices c) {
                return x.neg();
            }
        },
        SQUASH {
            @Override
            Node apply(CaseBuilder b, Node x, Choices c) {
                return x.mul(x).add(1).rsqrt();
            }
        },
        TIMES_ONE {
            @Override
            Node apply(CaseBuilder b, Node x, Choices c) {
                return c.nextBoolean() ? x.mul(1) : x.graph().constant(1.0).mul(x);
            }
        },
        OVER_ONE {
            @Override
            Node apply(CaseBuilder b, Node x, Choices c) {
                return x.div(1);
            }
        },
        PLUS_ZERO {
            @Override
            Node apply(CaseBuilder b, Node x, Choices c) {
                return switch (c.nextInt(4)) {
                    case 0 -> x.add(-0.0);
                    case 1 -> x.graph().constant(-0.0).add(x);
                    case 2 -> x.sub(0.0);
                    default -> x.add(0.0); // no identity for -0.0: stays
                };
            }
        },
        TWICE_NEGATED {
            @Override
            Node apply(CaseBuilder b, Node x, Choices c) {
                return x.neg().neg();
            }
        },
        SAME_SHAPE {
            @Override
            Node apply(CaseBuilder b, Node x, Choices c) {
                return switch (c.nextInt(3)) {
                    case 0 -> x.reshape(x.shape());
                    case 1 -> x.broadcastTo(x.shape());
                    default -> x.reshape(Shapes.regroup(c, x.shape())).reshape(x.shape());
                };
            }
        },
        TRANSPOSED_BACK {
            @Override
            Node apply(CaseBuilder b, Node x, Choices c) {
                if (x.rank() < 2) {
                    return x.relu();
                }
                int[] p = Shapes.permutation(c, x.rank());
                int[] inverse = new int[p.length];
                for (int i = 0; i < p.length; i++) {
                    inverse[p[i]] = i;
                }
                return x.permute(p).neg().neg().permute(inverse);
            }
        },
        REPEATED {
            @Override
            Node apply(CaseBuilder b, Node x, Choices c) {
                int axis = c.nextInt(x.rank());
                int kind = c.nextInt(3);
                return twice(x, kind, axis).mul(twice(x, kind, axis));
            }

            private Node twice(Node x, int kind, int axis) {
                return switch (kind) {
                    case 0 -> x.relu();
                    case 1 -> x.mul(0.5);
                    default -> x.max(axis, true).broadcastTo(x.shape());
                };
            }
        },
        FILL_TERM {
            @Override
            Node apply(CaseBuilder b, Node x, Choices c) {
                return x.add(fillTerm(x.graph(), x.shape(), c));
            }
        },
        TABLE_TERM {
            @Override
            Node apply(CaseBuilder b, Node x, Choices c) {
                Shape s = x.shape();
                return x.add(s.isStatic() ? tableTerm(x.graph(), s, c) : fillTerm(x.graph(), s, c));
            }
        },
        SECOND_PARAM {
            @Override
            Node apply(CaseBuilder b, Node x, Choices c) {
                Node q = b.param(x.shape(), Domain.uniform(-1, 1));
                return c.nextBoolean() ? x.mul(q) : x.sub(q);
            }
        };

        abstract Node apply(CaseBuilder b, Node x, Choices c);

        private static double value(Choices c) {
            return (c.nextInt(9) - 4) / 2.0;
        }

        private static double[] values(Choices c, int n) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = value(c);
            }
            return values;
        }

        /** Arithmetic on fills of shape {@code s} (symbolic or not) and a scalar: folded into a fill. */
        private static Node fillTerm(Graph g, Shape s, Choices c) {
            return g.full(value(c), DType.F64, s).mul(g.constant(value(c))).sub(g.full(value(c), DType.F64, s).square());
        }

        /** Arithmetic on a table of shape {@code s}: evaluated by constant folding. */
        private static Node tableTerm(Graph g, Shape s, Choices c) {
            int[] dims = s.resolve(Map.of());
            Node table = g.constant(values(c, (int) s.maxElements()), DType.F64, dims);
            int last = s.rank() - 1;
            return switch (c.nextInt(3)) {
                case 0 -> table.sum(c.nextInt(s.rank()), true).broadcastTo(s).mul(table);
                case 1 -> table.neg().concat(last, table).slice(last, 0, dims[last]).exp();
                default -> s.rank() != 2 ? table.reshape(Shape.of((int) s.maxElements())).reshape(s)
                        : table.matmul(g.constant(values(c, dims[1] * dims[1]), DType.F64, dims[1], dims[1]));
            };
        }
    }
}
