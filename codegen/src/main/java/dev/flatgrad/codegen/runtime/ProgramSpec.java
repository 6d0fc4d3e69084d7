package dev.flatgrad.codegen.runtime;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.dsl.CallSite;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to compile: the forward outputs to compute, optionally a scalar loss with the params to
 * train (their gradients are derived with {@link Autodiff#grad} when the spec is built, appending the
 * backward nodes to the graph), the optimizer, the float precision and the generated class's name. The program is
 * generated from the {@link #compiledGraph()}: the graph after the graph passes, which change no f64 value.
 */
public final class ProgramSpec {
    static {
        CallSite.registerLibrary(ProgramSpec.class);
    }

    private final Graph graph;
    private final String className;
    private final Map<String, Node> outputs;
    private final Node loss;
    private final List<Node> trained;
    private final List<Node> gradients;
    private final Optimizer optimizer;
    private final DType precision;
    private final Path dumpDirectory;
    private final boolean vectorize;
    private final boolean checkNumerics;
    private final Numerics numerics;
    private final Path irDirectory;
    private final List<IrStage> stages;
    private final boolean optimize;
    private final CompiledGraph compiled;

    private ProgramSpec(Builder b, List<Node> gradients, List<IrStage> stages) {
        this.graph = b.graph;
        this.className = b.className;
        this.outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.outputs));
        this.loss = b.loss;
        this.trained = List.copyOf(b.trained);
        this.gradients = List.copyOf(gradients);
        this.optimizer = b.optimizer;
        this.precision = b.precision;
        this.dumpDirectory = b.dumpDirectory;
        this.vectorize = b.vectorize;
        this.checkNumerics = b.checkNumerics;
        this.numerics = b.numerics;
        this.irDirectory = b.irDirectory;
        this.optimize = b.optimize && !b.checkNumerics; // the check names nodes: the user's own
        List<IrStage> all = new ArrayList<>(stages);
        this.compiled = CompiledGraph.of(graph, outputs, loss, trained, this.gradients, optimize, all::add);
        this.stages = List.copyOf(all);
    }

    public static Builder builder(Graph graph) {
        return new Builder(graph);
    }

    public Graph graph() {
        return graph;
    }

    public String className() {
        return className;
    }

    /** Forward outputs by name, in the order they were added. */
    public Map<String, Node> outputs() {
        return outputs;
    }

    public Node loss() {
        return loss;
    }

    public List<Node> trained() {
        return trained;
    }

    /** d loss / d trained[i], as graph nodes. */
    public List<Node> gradients() {
        return gradients;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public DType precision() {
        return precision;
    }

    /** Where to write the generated .java files, or null. */
    public Path dumpDirectory() {
        return dumpDirectory;
    }

    /** Where to write the IR of every stage, the lowering plan, the source and the compile report, or null. */
    public Path irDirectory() {
        return irDirectory;
    }

    /**
     * The graph after each stage of building this spec: tracing, autodiff (when there is a loss), every graph pass
     * that changed it, and the graph compiled when that differs from the last.
     */
    public List<IrStage> stages() {
        return stages;
    }

    /** Whether matmuls may use the Vector API when the JVM has it (results are bit-identical either way). */
    public boolean vectorize() {
        return vectorize;
    }

    /** How the program may round: exact (the default) or fast. */
    public Numerics numerics() {
        return numerics;
    }

    /** Whether the program checks every node's values (see {@link Builder#checkNumerics}). */
    public boolean checkNumerics() {
        return checkNumerics;
    }

    /** Whether the graph passes simplified the graph before it was compiled (see {@link Builder#optimize}). */
    public boolean optimize() {
        return optimize;
    }

    /** The graph the program is generated from, holding the outputs, loss, params and gradients it computes. */
    public CompiledGraph compiledGraph() {
        return compiled;
    }

    /** The system property that, set to {@code false}, makes specs default to scalar code. */
    public static final String VECTORIZE_PROPERTY = "flatgrad.vectorize";

    /** Builds a {@link ProgramSpec}. */
    public static final class Builder {
        private final Graph graph;
        private String className = "GeneratedModel";
        private final Map<String, Node> outputs = new LinkedHashMap<>();
        private Node loss;
        private final List<Node> trained = new ArrayList<>();
        private Optimizer optimizer = Optimizer.none();
        private DType precision = DType.F64;
        private Path dumpDirectory;
        private boolean vectorize = !"false".equals(System.getProperty(VECTORIZE_PROPERTY));
        private boolean checkNumerics;
        private Numerics numerics = Numerics.EXACT;
        private Path irDirectory;
        private boolean optimize = !"false".equals(System.getProperty("flatgrad.optimize"));

        private Builder(Graph graph) {
            this.graph = Objects.requireNonNull(graph, "graph");
            String property = System.getProperty("flatgrad.dumpSources");
            if (property != null && !property.isBlank()) {
                dumpDirectory = Path.of(property);
            }
        }

        /** The simple name of the generated class (a Java identifier). */
        public Builder className(String name) {
            if (name == null || !javax.lang.model.SourceVersion.isName(name) || name.contains(".")) {
                throw new IllegalArgumentException("class name must be a simple Java identifier, got '" + name + "'");
            }
            this.className = name;
            return this;
        }

        /** A forward output, readable by its node name after {@code forward()}. */
        public Builder output(Node node) {
            requireOwn(node);
            if (node.name() == null) {
                throw new IllegalArgumentException("output " + node + " needs a name; call named(...) on it");
            }
            outputs.put(node.name(), node);
            return this;
        }

        /** The scalar to minimise and the params to train; the loss is also an output, under its name or "loss". */
        public Builder minimize(Node loss, List<Node> params) {
            requireOwn(loss);
            for (Node p : params) {
                requireOwn(p);
                if (!dev.flatgrad.ops.Leaf.isParam(p)) {
                    throw new IllegalArgumentException("only params can be trained, got " + p);
                }
            }
            this.loss = loss;
            this.trained.clear();
            this.trained.addAll(params);
            outputs.put(loss.name() != null ? loss.name() : "loss", loss);
            return this;
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** f64 (default) or f32: the float type of every buffer and of the arithmetic. */
        public Builder precision(DType precision) {
            if (!precision.isFloating()) {
                throw new IllegalArgumentException("precision must be f64 or f32, got " + precision);
            }
            this.precision = precision;
            return this;
        }

        /** Also write the generated sources into this directory (or set -Dflatgrad.dumpSources=DIR). */
        public Builder dumpSources(Path directory) {
            this.dumpDirectory = directory;
            return this;
        }

        /**
         * Also write, into this directory, what each stage of compilation made: the graph after tracing and after
         * autodiff, the lowering plan, the Java source and the compile report (see {@code IrDump}).
         */
        public Builder dumpIr(Path directory) {
            this.irDirectory = directory;
            return this;
        }

        /**
         * Lets matmuls use {@code jdk.incubator.vector} when the JVM runs with
         * {@code --add-modules jdk.incubator.vector} (default on; {@code -Dflatgrad.vectorize=false}
         * turns it off). The vector code does the same operations in the same order, so results do not change.
         */
        public Builder vectorize(boolean vectorize) {
            this.vectorize = vectorize;
            return this;
        }

        /** {@link Numerics#EXACT} (default) or {@link Numerics#FAST}. */
        public Builder numerics(Numerics numerics) {
            this.numerics = Objects.requireNonNull(numerics, "numerics");
            return this;
        }

        /**
         * The numerics check mode, for finding where a NaN comes from (as JAX's {@code debug_nans}): every node
         * gets a kernel of its own and its values are checked when computed; the first node holding a NaN, or an
         * infinity none of its inputs carries, throws {@link NonFiniteValueException} naming the node, its op and
         * your source line; params are checked after each optimizer update. The graph is compiled as built, without
         * the graph passes, so the node named is one of yours. Several times slower; off by default, and then the
         * generated code holds no check at all.
         */
        public Builder checkNumerics(boolean check) {
            this.checkNumerics = check;
            return this;
        }

        /**
         * Runs the graph passes ({@link dev.flatgrad.passes.Passes}: constant folding, algebraic simplification,
         * common-subexpression elimination, dead-code elimination) on the forward and backward graph before code
         * generation (default on; {@code -Dflatgrad.optimize=false} turns it off). They change no f64 value (in
         * f32, constant arithmetic they fold is computed in f64 and rounded once), nor the program's params, inputs,
         * outputs and gradients; off (and in the numerics check mode), the program computes the graph as built.
         */
        public Builder optimize(boolean optimize) {
            this.optimize = optimize;
            return this;
        }

        public ProgramSpec build() {
            if (outputs.isEmpty() && loss == null) {
                throw new IllegalArgumentException("nothing to compute: add an output or a loss to minimize");
            }
            if (optimizer.kind() != Optimizer.Kind.NONE && loss == null) {
                throw new IllegalArgumentException("an optimizer needs a loss to minimize");
            }
            for (Node p : trained) {
                if (optimizer.kind() != Optimizer.Kind.NONE && !p.shape().isStatic()) {
                    throw new IllegalArgumentException("an optimizer updates params of static shape only, got " + p);
                }
            }
            List<IrStage> stages = new ArrayList<>();
            stages.add(new IrStage("traced", "the graph as the model built it", graph.nodes()));
            List<Node> gradients = loss == null ? List.of() : Autodiff.grad(loss, trained);
            if (loss != null) {
                stages.add(new IrStage("autodiff", "the backward nodes Autodiff.grad appended for "
                        + trained.size() + " trained params", graph.nodes()));
            }
            return new ProgramSpec(this, gradients, stages);
        }

        private void requireOwn(Node node) {
            if (node.graph() != graph) {
                throw new IllegalArgumentException(node + " belongs to another graph");
            }
        }
    }
}
