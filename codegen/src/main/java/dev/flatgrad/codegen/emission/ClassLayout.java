package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Places a program's units (kernels and optimizer updates) and writes the pass methods that call them.
 * Normally every unit is a private method of the program class. A program too large for one class file
 * (the class format allows 65,535 constants; see {@link ConstantPoolEstimate}) is spread over nested
 * static part classes, each with a constant pool of its own, whose static methods take the program as
 * their first parameter {@value #PART_RECEIVER}. Long call lists are chunked so that no method nears
 * HotSpot's 8,000-byte JIT limit.
 */
final class ClassLayout {
    /** The receiver of buffer fields inside part classes. */
    static final String PART_RECEIVER = "p";
    /** Calls per method: 4 bytes of bytecode each, so a chunk stays near 2 KB. */
    static final int CALLS_PER_METHOD = 500;
    /** The estimated constants one class may take; the class-file limit is 65,535. */
    static final int CLASS_CONSTANTS = 40_000;

    private final TypeSpec.Builder cls;
    private final ClassName program;
    private final boolean split;
    private final List<TypeSpec> parts = new ArrayList<>();

    private ClassLayout(TypeSpec.Builder cls, ClassName program, boolean split) {
        this.cls = cls;
        this.program = program;
        this.split = split;
    }

    /** Every unit a private method of the program class; bodies use {@code this}. */
    static ClassLayout single(TypeSpec.Builder cls) {
        return new ClassLayout(cls, null, false);
    }

    /** Units in nested part classes; bodies use {@value #PART_RECEIVER}. */
    static ClassLayout parts(TypeSpec.Builder cls, ClassName program) {
        return new ClassLayout(cls, program, true);
    }

    /** Adds the pass method and the units it calls, in order. */
    void place(Pass pass, List<Unit> units) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(pass.method()).addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).addParameters(pass.parameters());
        if (!split) {
            List<String> calls = new ArrayList<>();
            for (Unit u : units) {
                cls.addMethod(MethodSpec.methodBuilder(u.name()).addModifiers(Modifier.PRIVATE)
                        .addJavadoc("$L", u.javadoc()).addParameters(pass.parameters()).addCode(u.body()).build());
                calls.add(u.name() + "(" + pass.arguments() + ")");
            }
            addCalls(cls, method, calls, false);
        } else {
            int from = 0;
            while (from < units.size()) {
                int to = from;
                int constants = 0;
                while (to < units.size() && (to == from || constants + estimate(units.get(to)) <= CLASS_CONSTANTS)) {
                    constants += estimate(units.get(to));
                    to++;
                }
                String part = "Part" + parts.size();
                parts.add(part(part, pass, units.subList(from, to)));
                method.addStatement("$L.$L($L)", part, pass.method(), pass.argumentsAfter("this"));
                from = to;
            }
        }
        cls.addMethod(method.build());
    }

    /** A pass this program cannot run, e.g. Adam in a program compiled for SGD. */
    void refuse(Pass pass, String message) {
        cls.addMethod(MethodSpec.methodBuilder(pass.method()).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameters(pass.parameters()).addStatement("throw new IllegalStateException($S)", message).build());
    }

    /** Adds the part classes; call after the last {@link #place}. */
    void finish() {
        parts.forEach(cls::addType);
    }

    private static int estimate(Unit u) {
        return ConstantPoolEstimate.of(u, PART_RECEIVER);
    }

    private TypeSpec part(String name, Pass pass, List<Unit> units) {
        TypeSpec.Builder part = TypeSpec.classBuilder(name).addModifiers(Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Units $L of the $L pass.\n", name, pass.method());
        ParameterSpec receiver = ParameterSpec.builder(program, PART_RECEIVER).build();
        List<String> calls = new ArrayList<>();
        for (Unit u : units) {
            part.addMethod(MethodSpec.methodBuilder(u.name()).addModifiers(Modifier.STATIC)
                    .addJavadoc("$L", u.javadoc()).addParameter(receiver).addParameters(pass.parameters())
                    .addCode(u.body()).build());
            calls.add(u.name() + "(" + pass.argumentsAfter(PART_RECEIVER) + ")");
        }
        MethodSpec.Builder entry = MethodSpec.methodBuilder(pass.method()).addModifiers(Modifier.STATIC)
                .addParameter(receiver).addParameters(pass.parameters());
        addCalls(part, entry, calls, true);
        part.addMethod(entry.build());
        return part.build();
    }

    /**
     * Adds call statements to {@code method}; past {@link #CALLS_PER_METHOD} calls they go into chunk
     * methods (taking the same parameters) so that no method grows large.
     */
    private static void addCalls(TypeSpec.Builder owner, MethodSpec.Builder method, List<String> calls, boolean isStatic) {
        if (calls.size() <= CALLS_PER_METHOD) {
            calls.forEach(call -> method.addStatement("$L", call));
            return;
        }
        MethodSpec shape = method.build();
        List<String> names = new ArrayList<>();
        shape.parameters().forEach(p -> names.add(p.name()));
        for (int c = 0; c * CALLS_PER_METHOD < calls.size(); c++) {
            MethodSpec.Builder chunk = MethodSpec.methodBuilder(shape.name() + "_part" + c)
                    .addModifiers(isStatic ? new Modifier[] {Modifier.STATIC} : new Modifier[] {Modifier.PRIVATE})
                    .addParameters(shape.parameters());
            calls.subList(c * CALLS_PER_METHOD, Math.min(calls.size(), (c + 1) * CALLS_PER_METHOD))
                    .forEach(call -> chunk.addStatement("$L", call));
            owner.addMethod(chunk.build());
            method.addStatement("$L_part$L($L)", shape.name(), c, String.join(", ", names));
        }
    }
}
