package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.codegen.ProgramTooLargeException;
import dev.flatgrad.codegen.lowering.IdBounds;
import dev.flatgrad.codegen.lowering.Plan;
import dev.flatgrad.codegen.runtime.CompiledGraph;
import dev.flatgrad.codegen.runtime.GeneratedProgram;
import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes one Java class per program with JavaPoet: buffers as array fields, one method per kernel
 * (with a comment naming the graph nodes it computes), the passes as methods calling the kernels in
 * order, and the optimizer as one flat loop per trained param. A program too large for one class file
 * spreads its methods over nested part classes ({@link ClassLayout}). The same spec always gives the
 * same text.
 */
public final class ProgramEmitter {
    public static final String PACKAGE = "dev.flatgrad.generated";
    /** Slots per {@code buffer(int)} chunk. */
    private static final int SLOTS_PER_METHOD = 400;

    private final ProgramSpec spec;
    private final Plan plan;
    private final BufferTable buffers;
    private final BufferFields fields;
    private final ElementType type;
    private final IndexMath index;
    private final CausalBounds bounds;
    private final String symbol;

    private ProgramEmitter(ProgramSpec spec) {
        this.spec = spec;
        this.plan = plan(spec);
        this.buffers = new BufferTable(plan, spec);
        this.type = ElementType.of(spec.precision());
        this.fields = new BufferFields(plan, buffers, spec, type);
        this.symbol = plan.symbol() == null ? "length" : localForSymbol(plan.symbol().symbol());
        this.index = new IndexMath(symbol);
        this.bounds = CausalBounds.of(plan.causal(), buffers, index);
    }

    /**
     * The lowering plan of a spec's program: outputs and loss computed forward, gradients backward; every node
     * unfused in the numerics check mode.
     */
    static Plan plan(ProgramSpec spec) {
        CompiledGraph compiled = spec.compiledGraph();
        List<Node> forwardRoots = new ArrayList<>(compiled.outputs().values());
        if (compiled.loss() != null) {
            forwardRoots.add(compiled.loss());
        }
        int lanes = spec.vectorize() ? VectorSupport.lanes(spec.precision()) : 0;
        return spec.checkNumerics() ? Plan.unfused(compiled.graph(), forwardRoots, compiled.gradients(), lanes)
                : Plan.of(compiled.graph(), forwardRoots, compiled.gradients(), lanes);
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
                KernelEmitter kernel = emitter.kernel(root, "this");
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
        fields.addTo(cls);
        Map<Pass, List<Unit>> units = units("this");
        ClassLayout layout;
        if (fitsOneClass(units)) {
            layout = ClassLayout.single(cls);
        } else {
            requireFieldsFitOneClass();
            units = units(ClassLayout.PART_RECEIVER);
            layout = ClassLayout.parts(cls, ClassName.get(PACKAGE, spec.className()));
        }
        addVectorSpecies(cls, units);
        layout.place(Pass.FORWARD, units.get(Pass.FORWARD));
        layout.place(Pass.BACKWARD, units.get(Pass.BACKWARD));
        Optimizer.Kind optimizer = spec.optimizer().kind();
        String wrongOptimizer = "this program was compiled with optimizer " + spec.optimizer();
        if (optimizer == Optimizer.Kind.ADAM) {
            layout.place(Pass.ADAM, units.get(Pass.ADAM));
        } else {
            layout.refuse(Pass.ADAM, wrongOptimizer);
        }
        if (optimizer == Optimizer.Kind.SGD) {
            layout.place(Pass.SGD, units.get(Pass.SGD));
        } else {
            layout.refuse(Pass.SGD, wrongOptimizer);
        }
        layout.place(Pass.FLUSH_TINY, units.get(Pass.FLUSH_TINY));
        layout.finish();
        addBufferAccessor(cls);
        addParamSharing(cls);
        JavaFile file = JavaFile.builder(PACKAGE, cls.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
        int symbolMax = plan.symbol() == null ? 1 : plan.symbol().max();
        String symbolName = plan.symbol() == null ? null : plan.symbol().symbol();
        List<EmittedKernel> kernels = new ArrayList<>();
        for (Pass pass : Pass.values()) {
            boolean placed = pass != Pass.ADAM && pass != Pass.SGD || optimizer == (pass == Pass.ADAM ? Optimizer.Kind.ADAM
                    : Optimizer.Kind.SGD);
            if (placed) {
                units.get(pass).forEach(u -> kernels.add(u.summary()));
            }
        }
        return new GeneratedSource(PACKAGE, spec.className(), file.toString(), buffers.exposed(), symbolName, symbolMax,
                plan.forwardKernels().size() + plan.backwardKernels().size(), IdBounds.of(plan), sortedInputs(),
                fields.bytes(), kernels);
    }

    /** Segment ids bound the causal regions only if each segment is one run: the runtime checks they never decrease. */
    private Set<String> sortedInputs() {
        Node segments = plan.causal().active() ? plan.causal().segments() : null;
        return segments == null ? Set.of() : Set.of(segments.name());
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
        if (spec.checkNumerics()) {
            sb.append("numerics check mode: every node in a kernel of its own, its values checked when computed\n");
        }
        return sb.toString();
    }

    // ---- units and layout ----

    /** Every pass's units, with bodies reading buffers through {@code receiver}. */
    private Map<Pass, List<Unit>> units(String receiver) {
        Map<Pass, List<Unit>> units = new EnumMap<>(Pass.class);
        List<Unit> forward = new ArrayList<>();
        if (buffers.segStartField() != null) {
            forward.add(segmentBounds(receiver));
        }
        forward.addAll(kernels(Pass.FORWARD, plan.forwardKernels(), receiver));
        units.put(Pass.FORWARD, forward);
        units.put(Pass.BACKWARD, kernels(Pass.BACKWARD, plan.backwardKernels(), receiver));
        List<Node> trained = spec.compiledGraph().trained();
        List<Node> adamTrained = spec.optimizer().kind() == Optimizer.Kind.ADAM ? trained : List.of();
        List<Node> sgdTrained = spec.optimizer().kind() == Optimizer.Kind.SGD ? trained : List.of();
        boolean check = spec.checkNumerics();
        boolean fast = spec.numerics() == Numerics.FAST;
        int lanes = plan.vectorLanes();
        units.put(Pass.ADAM, new OptimizerEmitter(adamTrained, spec.optimizer(), buffers, type, receiver, check, lanes, fast)
                .adamUnits());
        units.put(Pass.SGD, new OptimizerEmitter(sgdTrained, spec.optimizer(), buffers, type, receiver, check, 0, fast)
                .sgdUnits());
        units.put(Pass.FLUSH_TINY, new OptimizerEmitter(adamTrained, spec.optimizer(), buffers, type, receiver, false, 0,
                fast).flushUnits());
        return units;
    }

    private List<Unit> kernels(Pass pass, List<Node> roots, String receiver) {
        List<Unit> units = new ArrayList<>();
        for (Node root : roots) {
            KernelEmitter emitter = kernel(root, receiver);
            CodeBlock body = emitter.emit();
            String name = kernelName(root);
            List<Node> computed = emitter.computedNodes().stream().sorted(Comparator.comparingInt(Node::id)).toList();
            String comment = computed.stream()
                    .map(n -> Names.javadoc(Names.describe(n)))
                    .collect(Collectors.joining("\n", "Computes:\n", "\n"));
            CodeBlock.Builder code = CodeBlock.builder();
            if (plan.symbol() != null) {
                code.addStatement("final int $L = $L.length()", symbol, receiver);
            }
            code.add(body);
            if (spec.checkNumerics()) { // unfused: the kernel computes its root alone
                code.addStatement("$L.guard().check($L, $L.$L, $L)", receiver, root.id(), receiver,
                        buffers.field(root), index.count(root.shape()));
            }
            units.add(new Unit(pass, name, comment, code.build(), computed, buffers.field(root)));
        }
        return units;
    }

    /** {@code k<id>_<path>[_<name>]}, e.g. {@code k57_layer0_attn_softmax_exp}: the root node's id, scoped path and name. */
    static String kernelName(Node root) {
        return "k" + root.id() + "_" + Names.sanitize(root.path()) + (root.name() == null ? "" : "_" + Names.sanitize(root.name()));
    }

    /**
     * Each position's segment start and end from the segment ids (non-decreasing, checked when bound), for the
     * kernels that compute attention within documents only.
     */
    private Unit segmentBounds(String receiver) {
        Node segments = plan.causal().segments();
        String ids = receiver + "." + buffers.field(segments);
        String start = receiver + "." + buffers.segStartField();
        String end = receiver + "." + buffers.segEndField();
        String t = index.size(plan.causal().length());
        CodeBlock.Builder code = CodeBlock.builder();
        if (plan.symbol() != null) {
            code.addStatement("final int $L = $L.length()", symbol, receiver);
        }
        code.addStatement("int first = 0")
                .beginControlFlow("for (int i = 0; i < $L; i++)", t)
                .beginControlFlow("if (i > 0 && $L[i] != $L[i - 1])", ids, ids)
                .addStatement("first = i")
                .endControlFlow()
                .addStatement("$L[i] = first", start)
                .endControlFlow()
                .addStatement("int last = $L", t)
                .beginControlFlow("for (int i = $L - 1; i >= 0; i--)", t)
                .beginControlFlow("if (i < $L - 1 && $L[i] != $L[i + 1])", t, ids, ids)
                .addStatement("last = i + 1")
                .endControlFlow()
                .addStatement("$L[i] = last", end)
                .endControlFlow();
        String doc = Names.javadoc("Where each position's segment starts and ends, from " + Names.describe(segments)) + "\n";
        return new Unit(Pass.FORWARD, "segment_bounds", doc, code.build(), List.of(segments), buffers.segStartField());
    }

    private KernelEmitter kernel(Node root, String receiver) {
        return new KernelEmitter(plan, buffers, type, index, bounds, root, receiver, plan.vectorLanes(),
                spec.numerics() == Numerics.FAST);
    }

    /** Whether everything fits one class file: its methods' constants and a reference to each field. */
    private boolean fitsOneClass(Map<Pass, List<Unit>> units) {
        long constants = 3L * fields.count() + 3L * buffers.exposed().size();
        for (List<Unit> list : units.values()) {
            for (Unit u : list) {
                constants += ConstantPoolEstimate.of(u, "this");
            }
        }
        return constants <= ClassLayout.CLASS_CONSTANTS;
    }

    /** The program class keeps every field even when its methods move to part classes. */
    private void requireFieldsFitOneClass() {
        long constants = 3L * fields.count() + 3L * buffers.exposed().size();
        if (constants > 60_000) {
            throw new ProgramTooLargeException(String.format(Locale.ROOT,
                    "the graph needs %,d buffers, more than one generated class can hold (about 20,000);"
                            + " build a smaller graph (e.g. fewer layers)", fields.count()));
        }
    }

    /** The one vector species all vectorised kernels use (a single width per JVM keeps C2 from boxing vectors). */
    private void addVectorSpecies(TypeSpec.Builder cls, Map<Pass, List<Unit>> units) {
        boolean used = units.values().stream().flatMap(List::stream).anyMatch(u -> u.body().toString().contains("SPECIES"));
        if (!used) {
            return;
        }
        ClassName vector = MatmulEmitter.vectorClass(type);
        TypeName species = ParameterizedTypeName.get(ClassName.get("jdk.incubator.vector", "VectorSpecies"),
                type == ElementType.DOUBLE ? ClassName.get(Double.class) : ClassName.get(Float.class));
        cls.addField(FieldSpec.builder(species, "SPECIES", Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.SPECIES_$L", vector, VectorSupport.bits(spec.precision(), plan.vectorLanes()))
                .build());
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

    /** {@code shareParam(slot, array)}: a replica computes with another program's param arrays. */
    private void addParamSharing(TypeSpec.Builder cls) {
        MethodSpec.Builder share = MethodSpec.methodBuilder("shareParam").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).addParameter(int.class, "slot").addParameter(Object.class, "array");
        List<ExposedBuffer> params = buffers.exposed().stream().filter(b -> b.role() == BufferRole.PARAM).toList();
        for (int c = 0; c * SLOTS_PER_METHOD < Math.max(1, params.size()); c++) {
            List<ExposedBuffer> chunk = params.subList(Math.min(params.size(), c * SLOTS_PER_METHOD),
                    Math.min(params.size(), (c + 1) * SLOTS_PER_METHOD));
            CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("switch (slot)");
            for (ExposedBuffer e : chunk) {
                String array = e.isInt() ? "int[]" : type.keyword() + "[]";
                body.addStatement("case $L: this.$L = ($L) array; return", e.slot(), e.field(), array);
            }
            body.addStatement("default: break").endControlFlow();
            if (params.size() <= SLOTS_PER_METHOD) {
                share.addCode(body.build());
            } else {
                String part = "shareParam_part" + c;
                cls.addMethod(MethodSpec.methodBuilder(part).addModifiers(Modifier.PRIVATE).addParameter(int.class, "slot")
                        .addParameter(Object.class, "array").addCode(body.build()).build());
                share.addStatement("$L(slot, array)", part);
            }
        }
        cls.addMethod(share.build());
    }

    private CodeBlock slotSwitch(List<ExposedBuffer> slots) {
        CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("switch (slot)");
        for (ExposedBuffer e : slots) {
            b.addStatement("case $L: return this.$L", e.slot(), e.field());
        }
        b.addStatement("default: throw new IndexOutOfBoundsException($S + slot)", "no buffer slot ");
        return b.endControlFlow().build();
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
