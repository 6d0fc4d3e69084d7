package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.codegen.lowering.IdBounds;
import dev.flatgrad.codegen.lowering.NodeKind;
import dev.flatgrad.codegen.lowering.Plan;
import dev.flatgrad.codegen.runtime.GeneratedProgram;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Constant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes one Java class per program with JavaPoet: buffers as final array fields, one method per
 * kernel (with a comment naming the graph nodes it computes), the passes as methods calling the
 * kernels in order (split into chunks so no method nears the JIT's 8,000-byte limit), and the
 * optimizer as one flat loop per trained param. The same spec always gives the same text.
 */
public final class ProgramEmitter {
    public static final String PACKAGE = "dev.flatgrad.generated";
    /** Calls per pass method: 4 bytes of bytecode each, so a chunk stays near 2 KB. */
    private static final int CALLS_PER_METHOD = 500;
    /**
     * Buffers declared final with initialisers; a program with more allocates them in part methods
     * called from its constructor (non-final fields cost C2 nothing: it does not trust finals anyway).
     */
    private static final int FINAL_FIELD_LIMIT = 600;
    /** Slots per {@code buffer(int)} chunk. */
    private static final int SLOTS_PER_METHOD = 400;
    /** Constants with more values are decoded from strings at class load, not array initialisers. */
    private static final int INLINE_TABLE_LIMIT = 64;
    /** Adam moments below this magnitude are flushed to zero (see {@link #flushTiny()}). */
    private static final double FLUSH_F64 = 1e-200;
    private static final double FLUSH_F32 = 1e-30;

    private final ProgramSpec spec;
    private final Plan plan;
    private final BufferTable buffers;
    private final ElementType type;
    private final IndexMath index;
    private final String symbolLocal;

    private ProgramEmitter(ProgramSpec spec) {
        this.spec = spec;
        this.plan = plan(spec);
        this.buffers = new BufferTable(plan, spec);
        this.type = ElementType.of(spec.precision());
        this.symbolLocal = plan.symbol() == null ? "length" : localForSymbol(plan.symbol().symbol());
        this.index = new IndexMath(symbolLocal);
    }

    /** The lowering plan of a spec's program: outputs and loss computed forward, gradients backward. */
    static Plan plan(ProgramSpec spec) {
        List<Node> forwardRoots = new ArrayList<>(spec.outputs().values());
        if (spec.loss() != null) {
            forwardRoots.add(spec.loss());
        }
        return Plan.of(spec.graph(), forwardRoots, spec.gradients(), spec.vectorize() ? VectorSupport.lanes(spec.precision()) : 0);
    }

    public static GeneratedSource emit(ProgramSpec spec) {
        return new ProgramEmitter(spec).emit();
    }

    /**
     * For each kernel of the spec's program, in pass order, the nodes it computes: its root and the
     * producers fused into its loop. For inspecting the lowering (and testing it).
     */
    public static Map<Node, Set<Node>> kernelContents(ProgramSpec spec) {
        ProgramEmitter emitter = new ProgramEmitter(spec);
        Map<Node, Set<Node>> contents = new LinkedHashMap<>();
        for (List<Node> pass : List.of(emitter.plan.forwardKernels(), emitter.plan.backwardKernels())) {
            for (Node root : pass) {
                KernelEmitter kernel = emitter.kernel(root);
                kernel.emit();
                contents.put(root, Collections.unmodifiableSet(kernel.computedNodes()));
            }
        }
        return contents;
    }

    private GeneratedSource emit() {
        TypeSpec.Builder cls = TypeSpec.classBuilder(spec.className())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(GeneratedProgram.class)
                .addJavadoc("$L", header());
        addFields(cls);
        addVectorSpecies(cls);
        List<String> forward = addKernels(cls, plan.forwardKernels());
        List<String> backward = addKernels(cls, plan.backwardKernels());
        addPass(cls, "forward", forward);
        addPass(cls, "backward", backward);
        addOptimizer(cls);
        addBufferAccessor(cls);
        JavaFile file = JavaFile.builder(PACKAGE, cls.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
        int symbolMax = plan.symbol() == null ? 1 : plan.symbol().max();
        String symbol = plan.symbol() == null ? null : plan.symbol().symbol();
        return new GeneratedSource(PACKAGE, spec.className(), file.toString(), buffers.exposed(), symbol, symbolMax,
                plan.forwardKernels().size() + plan.backwardKernels().size(), IdBounds.of(plan));
    }

    private String header() {
        StringBuilder sb = new StringBuilder("Generated by flatgrad; do not edit. Regenerate from the graph instead.\n\n");
        sb.append("precision: ").append(type.keyword()).append('\n');
        if (plan.symbol() != null) {
            sb.append("symbolic dimension: ").append(plan.symbol().symbol()).append(" <= ").append(plan.symbol().max())
                    .append(" (the field length)\n");
        }
        sb.append("kernels: ").append(plan.forwardKernels().size()).append(" forward, ")
                .append(plan.backwardKernels().size()).append(" backward\n");
        sb.append("optimizer: ").append(spec.optimizer()).append('\n');
        return sb.toString();
    }

    // ---- fields ----

    private void addFields(TypeSpec.Builder cls) {
        List<FieldSpec> arrays = new ArrayList<>();
        List<CodeBlock> allocations = new ArrayList<>();
        for (Node n : plan.neededNodes()) {
            String field = buffers.field(n);
            if (field == null) {
                continue;
            }
            if (plan.kind(n) == NodeKind.TABLE) {
                cls.addField(table(n, field));
            } else {
                declare(arrays, allocations, field, n);
            }
        }
        for (Node p : spec.trained()) {
            if (buffers.field(p) != null && !plan.isNeeded(p)) {
                declare(arrays, allocations, buffers.field(p), p);
            }
            if (buffers.adamMField(p) != null) {
                declare(arrays, allocations, buffers.adamMField(p), p);
                declare(arrays, allocations, buffers.adamVField(p), p);
            }
        }
        if (arrays.size() <= FINAL_FIELD_LIMIT) {
            for (int i = 0; i < arrays.size(); i++) {
                cls.addField(arrays.get(i).toBuilder().addModifiers(Modifier.FINAL).initializer(allocations.get(i)).build());
            }
            return;
        }
        // a huge program: allocating every buffer in the constructor would make it too large a method
        arrays.forEach(cls::addField);
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        for (int c = 0; c * FINAL_FIELD_LIMIT < arrays.size(); c++) {
            MethodSpec.Builder part = MethodSpec.methodBuilder("allocate_part" + c).addModifiers(Modifier.PRIVATE);
            for (int i = c * FINAL_FIELD_LIMIT; i < Math.min(arrays.size(), (c + 1) * FINAL_FIELD_LIMIT); i++) {
                part.addStatement("this.$N = $L", arrays.get(i), allocations.get(i));
            }
            cls.addMethod(part.build());
            constructor.addStatement("allocate_part$L()", c);
        }
        cls.addMethod(constructor.build());
    }

    private void declare(List<FieldSpec> arrays, List<CodeBlock> allocations, String field, Node n) {
        TypeName element = n.dtype().isFloating() ? elementTypeName() : TypeName.INT;
        String keyword = n.dtype().isFloating() ? type.keyword() : "int";
        arrays.add(FieldSpec.builder(ArrayTypeName.of(element), field)
                .addJavadoc("$L", Names.comment(describe(n)).replace("*/", "*_/") + "\n")
                .build());
        allocations.add(CodeBlock.of("new $L[$L]", keyword, n.shape().maxElements()));
    }

    /** The one vector species all vectorised kernels use (a single width per JVM keeps C2 from boxing vectors). */
    private void addVectorSpecies(TypeSpec.Builder cls) {
        boolean used = false;
        for (Node n : plan.neededNodes()) {
            var m = plan.isMaterialized(n) ? plan.matmul(n) : null;
            used |= m != null && plan.vectorizable(m);
        }
        if (!used) {
            return;
        }
        ClassName vector = MatmulEmitter.vectorClass(type);
        TypeName species = ParameterizedTypeName.get(ClassName.get("jdk.incubator.vector", "VectorSpecies"),
                type == ElementType.DOUBLE ? ClassName.get(Double.class) : ClassName.get(Float.class));
        cls.addField(FieldSpec.builder(species, "SPECIES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.SPECIES_$L", vector, VectorSupport.bits(spec.precision(), plan.vectorLanes()))
                .build());
    }

    private FieldSpec table(Node n, String field) {
        double[] values = ((Constant) n.op()).values();
        FieldSpec.Builder f = FieldSpec.builder(ArrayTypeName.of(elementTypeName()), field,
                Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL);
        if (values.length <= INLINE_TABLE_LIMIT) {
            List<String> literals = new ArrayList<>();
            for (double v : values) {
                literals.add(type.literal(v));
            }
            return f.initializer("{$L}", String.join(", ", literals)).build();
        }
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            chunk.append(String.format("%016x", Double.doubleToRawLongBits(values[i])));
            if (chunk.length() >= 32_000 || i == values.length - 1) {
                chunks.add("\"" + chunk + "\"");
                chunk.setLength(0);
            }
        }
        String decoder = type == ElementType.DOUBLE ? "decodeDoubles" : "decodeFloats";
        return f.initializer("$L(new String[] {$L})", decoder, String.join(", ", chunks)).build();
    }

    private TypeName elementTypeName() {
        return type == ElementType.DOUBLE ? TypeName.DOUBLE : TypeName.FLOAT;
    }

    // ---- kernels and passes ----

    private List<String> addKernels(TypeSpec.Builder cls, List<Node> kernels) {
        List<String> names = new ArrayList<>();
        for (Node root : kernels) {
            KernelEmitter emitter = kernel(root);
            CodeBlock body = emitter.emit();
            String name = "k" + root.id() + "_" + root.op().name() + (root.name() == null ? "" : "_" + Names.sanitize(root.name()));
            String comment = emitter.computedNodes().stream()
                    .sorted(Comparator.comparingInt(Node::id))
                    .map(n -> Names.comment(describe(n)).replace("*/", "*_/"))
                    .collect(Collectors.joining("\n", "Computes:\n", "\n"));
            MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                    .addModifiers(Modifier.PRIVATE)
                    .addJavadoc("$L", comment);
            declareSymbol(m);
            m.addCode(body);
            cls.addMethod(m.build());
            names.add(name);
        }
        return names;
    }

    private KernelEmitter kernel(Node root) {
        return new KernelEmitter(plan, buffers, type, index, root);
    }

    private void addPass(TypeSpec.Builder cls, String pass, List<String> kernels) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(pass).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC);
        addCalls(cls, method, kernels.stream().map(k -> k + "()").toList());
        cls.addMethod(method.build());
    }

    /**
     * Adds call statements to {@code method}; past {@link #CALLS_PER_METHOD} calls they go into
     * private part methods (taking the same parameters) so that no method grows large.
     */
    private static void addCalls(TypeSpec.Builder cls, MethodSpec.Builder method, List<String> calls) {
        if (calls.size() <= CALLS_PER_METHOD) {
            calls.forEach(call -> method.addStatement("$L", call));
            return;
        }
        MethodSpec shape = method.build();
        String arguments = shape.parameters().stream().map(p -> p.name()).collect(Collectors.joining(", "));
        for (int c = 0; c * CALLS_PER_METHOD < calls.size(); c++) {
            MethodSpec.Builder part = MethodSpec.methodBuilder(shape.name() + "_part" + c)
                    .addModifiers(Modifier.PRIVATE).addParameters(shape.parameters());
            calls.subList(c * CALLS_PER_METHOD, Math.min(calls.size(), (c + 1) * CALLS_PER_METHOD))
                    .forEach(call -> part.addStatement("$L", call));
            cls.addMethod(part.build());
            method.addStatement("$L_part$L($L)", shape.name(), c, arguments);
        }
    }

    private void declareSymbol(MethodSpec.Builder m) {
        if (plan.symbol() != null) {
            m.addStatement("final int $L = this.length", symbolLocal);
        }
    }

    // ---- optimizer ----

    private void addOptimizer(TypeSpec.Builder cls) {
        MethodSpec.Builder adam = MethodSpec.methodBuilder("adam").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(double.class, "lr").addParameter(double.class, "bc1").addParameter(double.class, "bc2");
        MethodSpec.Builder sgd = MethodSpec.methodBuilder("sgd").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(double.class, "lr");
        Optimizer opt = spec.optimizer();
        if (opt.kind() == Optimizer.Kind.ADAM) {
            List<String> calls = new ArrayList<>();
            for (Node p : spec.trained()) {
                String name = "adam_" + buffers.field(p);
                cls.addMethod(adamKernel(name, p, opt));
                calls.add(name + "(lr, bc1, bc2)");
            }
            addCalls(cls, adam, calls);
        } else {
            adam.addStatement("throw new IllegalStateException($S)", "this program was compiled with optimizer " + opt);
        }
        if (opt.kind() == Optimizer.Kind.SGD) {
            List<String> calls = new ArrayList<>();
            for (Node p : spec.trained()) {
                String name = "sgd_" + buffers.field(p);
                cls.addMethod(sgdKernel(name, p));
                calls.add(name + "(lr)");
            }
            addCalls(cls, sgd, calls);
        } else {
            sgd.addStatement("throw new IllegalStateException($S)", "this program was compiled with optimizer " + opt);
        }
        cls.addMethod(adam.build());
        cls.addMethod(sgd.build());
        addFlushTiny(cls);
    }

    /**
     * Sets Adam moments below a tiny threshold to zero. A param that stops receiving gradient has
     * moments decaying geometrically into subnormals, where x86 arithmetic is 2-10x slower. Kept out
     * of the update loop (a conditional there stops C2 from vectorising it); the runtime calls it
     * every few dozen steps, long before a moment at the threshold could decay to a subnormal.
     */
    private void addFlushTiny(TypeSpec.Builder cls) {
        MethodSpec.Builder flush = MethodSpec.methodBuilder("flushTiny").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC);
        String threshold = type.literal(type == ElementType.DOUBLE ? FLUSH_F64 : FLUSH_F32);
        List<String> calls = new ArrayList<>();
        for (Node p : spec.trained()) {
            if (buffers.adamMField(p) == null) {
                continue;
            }
            String name = "flush_" + buffers.field(p);
            MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                    .beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", p.shape().maxElements());
            for (String field : List.of(buffers.adamMField(p), buffers.adamVField(p))) {
                m.beginControlFlow("if (Math.abs(this.$L[i0]) < $L)", field, threshold)
                        .addStatement("this.$L[i0] = $L", field, type.literal(0.0))
                        .endControlFlow();
            }
            cls.addMethod(m.endControlFlow().build());
            calls.add(name + "()");
        }
        addCalls(cls, flush, calls);
        cls.addMethod(flush.build());
    }

    /** microgpt.py's Adam for one param, in microgpt.py's order of arithmetic; C2 vectorises this loop. */
    private MethodSpec adamKernel(String name, Node p, Optimizer opt) {
        String t = type.keyword();
        String cast = type == ElementType.DOUBLE ? "" : "(float) ";
        CodeBlock.Builder b = CodeBlock.builder()
                .addStatement("final $L[] p = this.$L", t, buffers.field(p))
                .addStatement("final $L[] g = this.$L", t, buffers.gradientField(p))
                .addStatement("final $L[] m = this.$L", t, buffers.adamMField(p))
                .addStatement("final $L[] v = this.$L", t, buffers.adamVField(p))
                .beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", p.shape().maxElements())
                .addStatement("$L gi = g[i0]", t)
                .addStatement("$L mi = $L * m[i0] + $L * gi", t, type.literal(opt.beta1()), type.literal(1 - opt.beta1()))
                .addStatement("$L vi = $L * v[i0] + $L * (gi * gi)", t, type.literal(opt.beta2()), type.literal(1 - opt.beta2()))
                .addStatement("m[i0] = mi")
                .addStatement("v[i0] = vi")
                .addStatement("p[i0] -= $Llr * (mi / $Lbc1) / ($L + $L)", cast, cast,
                        type.math("sqrt", "vi / " + cast + "bc2"), type.literal(opt.eps()))
                .endControlFlow();
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L", Names.comment("Adam update of param " + p.name() + " " + p.type()).replace("*/", "*_/") + "\n")
                .addParameter(double.class, "lr").addParameter(double.class, "bc1").addParameter(double.class, "bc2")
                .addCode(b.build())
                .build();
    }

    private MethodSpec sgdKernel(String name, Node p) {
        String cast = type == ElementType.DOUBLE ? "" : "(float) ";
        CodeBlock b = CodeBlock.builder()
                .beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", p.shape().maxElements())
                .addStatement("this.$L[i0] -= $Llr * this.$L[i0]", buffers.field(p), cast, buffers.gradientField(p))
                .endControlFlow()
                .build();
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                .addParameter(double.class, "lr").addCode(b).build();
    }

    // ---- buffer access by slot ----

    private void addBufferAccessor(TypeSpec.Builder cls) {
        List<ExposedBuffer> all = buffers.exposed();
        MethodSpec.Builder accessor = MethodSpec.methodBuilder("buffer").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(Object.class).addParameter(int.class, "slot");
        int chunks = Math.max(1, (all.size() + SLOTS_PER_METHOD - 1) / SLOTS_PER_METHOD);
        if (chunks == 1) {
            accessor.addCode(slotSwitch(all));
        } else {
            for (int c = 0; c < chunks; c++) {
                String part = "buffer_part" + c;
                cls.addMethod(MethodSpec.methodBuilder(part).addModifiers(Modifier.PRIVATE).returns(Object.class)
                        .addParameter(int.class, "slot")
                        .addCode(slotSwitch(all.subList(c * SLOTS_PER_METHOD, Math.min(all.size(), (c + 1) * SLOTS_PER_METHOD))))
                        .build());
                accessor.addStatement("if (slot < $L) return $L(slot)", (c + 1) * SLOTS_PER_METHOD, part);
            }
            accessor.addStatement("throw new IndexOutOfBoundsException($S + slot)", "no buffer slot ");
        }
        cls.addMethod(accessor.build());
    }

    private CodeBlock slotSwitch(List<ExposedBuffer> slots) {
        CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("switch (slot)");
        for (ExposedBuffer e : slots) {
            b.addStatement("case $L: return this.$L", e.slot(), e.field());
        }
        b.addStatement("default: throw new IndexOutOfBoundsException($S + slot)", "no buffer slot ");
        return b.endControlFlow().build();
    }

    // ---- naming ----

    private static String describe(Node n) {
        String attributes = n.op().attributes();
        return "%" + n.id() + " " + n.op().name() + (attributes.isEmpty() ? "" : "[" + attributes + "]") + " " + n.type()
                + (n.name() == null ? "" : " " + n.name()) + " (" + n.site() + ")";
    }

    private static String localForSymbol(String symbol) {
        for (String reserved : BufferTable.RESERVED) {
            if (reserved.equals(symbol)) {
                return "sym_" + symbol;
            }
        }
        return symbol.matches("i[0-9]+|v[0-9].*|gi|mi|vi|p") || javax.lang.model.SourceVersion.isKeyword(symbol)
                ? "sym_" + symbol : symbol;
    }
}
