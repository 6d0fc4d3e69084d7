package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A public entry point of a generated program, each calling its units in order, with its parameters (doubles,
 * or ints where the name says {@code int}).
 */
enum Pass {
    FORWARD("forward"),
    BACKWARD("backward"),
    ADAM("adam", "lr", "bc1", "bc2", "int part", "int parts"),
    SGD("sgd", "lr"),
    FLUSH_TINY("flushTiny");

    private final String method;
    private final List<String> parameters;

    Pass(String method, String... parameters) {
        this.method = method;
        this.parameters = List.of(parameters);
    }

    /** The method name, as declared by {@code GeneratedProgram}. */
    String method() {
        return method;
    }

    /** The pass's parameters. */
    List<ParameterSpec> parameters() {
        List<ParameterSpec> out = new ArrayList<>();
        for (String p : parameters) {
            boolean integer = p.startsWith("int ");
            out.add(ParameterSpec.builder(integer ? TypeName.INT : TypeName.DOUBLE, name(p)).build());
        }
        return out;
    }

    /** The parameter names as call arguments, e.g. {@code lr, bc1, bc2}. */
    String arguments() {
        return parameters.stream().map(Pass::name).collect(Collectors.joining(", "));
    }

    /** Arguments after a leading receiver argument, e.g. {@code this, lr}. */
    String argumentsAfter(String first) {
        return parameters.isEmpty() ? first : first + ", " + arguments();
    }

    private static String name(String parameter) {
        return parameter.startsWith("int ") ? parameter.substring(4) : parameter;
    }
}
