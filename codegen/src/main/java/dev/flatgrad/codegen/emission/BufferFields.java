package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.codegen.ProgramTooLargeException;
import dev.flatgrad.codegen.lowering.NodeKind;
import dev.flatgrad.codegen.lowering.Plan;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Constant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * The array fields of a generated program: one per buffer (kernel results, leaves, gradients, Adam
 * moments), allocated at their largest size, and the constant tables. Sizes are checked in long
 * arithmetic before anything is emitted: no array may exceed what a Java array holds.
 */
final class BufferFields {
    /** The largest array HotSpot allocates. */
    static final long MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE - 8;
    /**
     * Buffers declared with initialisers; a program with more allocates them in part methods called from its
     * constructor (a constructor initialising thousands of fields would be too large).
     */
    private static final int INITIALISED_FIELD_LIMIT = 600;
    /** Constants with more values are decoded from strings at class load, not array initialisers. */
    private static final int INLINE_TABLE_LIMIT = 64;

    private final Plan plan;
    private final BufferTable buffers;
    private final ElementType type;
    private final List<Allocation> allocations = new ArrayList<>();
    private final List<Node> tables = new ArrayList<>();

    private record Allocation(String field, Node node, long elements, boolean floating) {
    }

    BufferFields(Plan plan, BufferTable buffers, ProgramSpec spec, ElementType type) {
        this.plan = plan;
        this.buffers = buffers;
        this.type = type;
        for (Node n : plan.neededNodes()) {
            String field = buffers.field(n);
            if (field == null) {
                continue;
            }
            if (plan.kind(n) == NodeKind.TABLE) {
                tables.add(n);
            } else {
                allocate(field, n);
            }
        }
        if (buffers.segStartField() != null) { // where each position's segment starts and ends, as the segments hold
            allocate(buffers.segStartField(), plan.causal().segments());
            allocate(buffers.segEndField(), plan.causal().segments());
        }
        for (Node p : spec.compiledGraph().trained()) {
            if (buffers.field(p) != null && !plan.isNeeded(p)) {
                allocate(buffers.field(p), p);
            }
            if (buffers.adamMField(p) != null) {
                allocate(buffers.adamMField(p), p);
                allocate(buffers.adamVField(p), p);
            }
        }
    }

    private void allocate(String field, Node n) {
        long elements = n.shape().maxElements();
        if (elements > MAX_ARRAY_ELEMENTS) {
            throw new ProgramTooLargeException(String.format(Locale.ROOT,
                    "%s %s (%s) holds up to %,d elements at its largest; a Java array holds at most %,d."
                            + " Make it smaller (e.g. a lower bound of its symbolic dimension)",
                    n.ref(), n.op().name() + (n.name() == null ? "" : " '" + n.name() + "'"), n.site(), elements,
                    MAX_ARRAY_ELEMENTS));
        }
        allocations.add(new Allocation(field, n, elements, n.dtype().isFloating()));
    }

    /** Bytes of all buffers together (tables excluded: they are small and shared by all instances). */
    long bytes() {
        long total = 0;
        for (Allocation a : allocations) {
            total += a.elements * (a.floating ? type.bytes() : Integer.BYTES);
        }
        return total;
    }

    int count() {
        return allocations.size() + tables.size();
    }

    /**
     * Declares the fields (package-private, so part classes can read them; not final, so that replicas can share
     * one program's params) and allocates them.
     */
    void addTo(TypeSpec.Builder cls) {
        tables.forEach(n -> cls.addField(table(n, buffers.field(n))));
        List<FieldSpec> fields = new ArrayList<>();
        for (Allocation a : allocations) {
            TypeName element = a.floating ? (type == ElementType.DOUBLE ? TypeName.DOUBLE : TypeName.FLOAT) : TypeName.INT;
            fields.add(FieldSpec.builder(ArrayTypeName.of(element), a.field)
                    .addJavadoc("$L", Names.javadoc(Names.describe(a.node)) + "\n")
                    .build());
        }
        if (fields.size() <= INITIALISED_FIELD_LIMIT) {
            for (int i = 0; i < fields.size(); i++) {
                cls.addField(fields.get(i).toBuilder().initializer(newArray(allocations.get(i))).build());
            }
            return;
        }
        fields.forEach(cls::addField);
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        for (int c = 0; c * INITIALISED_FIELD_LIMIT < fields.size(); c++) {
            MethodSpec.Builder part = MethodSpec.methodBuilder("allocate_part" + c).addModifiers(Modifier.PRIVATE);
            for (int i = c * INITIALISED_FIELD_LIMIT; i < Math.min(fields.size(), (c + 1) * INITIALISED_FIELD_LIMIT); i++) {
                part.addStatement("this.$N = $L", fields.get(i), newArray(allocations.get(i)));
            }
            cls.addMethod(part.build());
            constructor.addStatement("allocate_part$L()", c);
        }
        cls.addMethod(constructor.build());
    }

    private CodeBlock newArray(Allocation a) {
        return CodeBlock.of("new $L[$L]", a.floating ? type.keyword() : "int", a.elements);
    }

    private FieldSpec table(Node n, String field) {
        double[] values = ((Constant) n.op()).values();
        TypeName element = type == ElementType.DOUBLE ? TypeName.DOUBLE : TypeName.FLOAT;
        FieldSpec.Builder f = FieldSpec.builder(ArrayTypeName.of(element), field, Modifier.STATIC, Modifier.FINAL);
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
}
