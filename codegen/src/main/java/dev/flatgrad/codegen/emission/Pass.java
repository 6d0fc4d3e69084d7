package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A public entry point of a generated program, each calling its units in order, with its parameters. */
enum Pass {
    FORWARD("forward"),
    BACKWARD("backward"),
    ADAM("adam", "lr", "bc1", "bc2"),
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

    /** The pass's {@code double} parameters. */
    List<ParameterSpec> parameters() {
        List<ParameterSpec> out = new ArrayList<>();
        for (String p : parameters) {
            out.add(ParameterSpec.builder(TypeName.DOUBLE, p).build());
        }
        return out;
    }

    /** The parameter names as call arguments, e.g. {@code lr, bc1, bc2}. */
    String arguments() {
        return String.join(", ", parameters);
    }

    /** Arguments after a leading receiver argument, e.g. {@code this, lr}. */
    String argumentsAfter(String first) {
        return parameters.isEmpty() ? first : first + ", " + parameters.stream().collect(Collectors.joining(", "));
    }
}
