package dev.flatgrad.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.codegen.emission.VectorSupport;
import dev.flatgrad.codegen.runtime.GeneratedProgram;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles dumped generated sources with plain javac against the codegen classes alone. */
public final class JavacCheck {
    private JavacCheck() {
    }

    public static void assertCompiles(Path source, Path outputDirectory) {
        String codegenClasses = Path.of(GeneratedProgram.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-classpath", codegenClasses, "-d", outputDirectory.toString()));
        if (VectorSupport.available()) {
            args.addAll(List.of("--add-modules", "jdk.incubator.vector")); // vectorised kernels use the incubator module
        } else {
            args.addAll(List.of("--release", "17"));
        }
        args.add(source.toString());
        int status = javac.run(null, null, errors, args.toArray(new String[0]));
        assertEquals(0, status, "javac failed on " + source + ": " + errors.toString(StandardCharsets.UTF_8));
    }
}
