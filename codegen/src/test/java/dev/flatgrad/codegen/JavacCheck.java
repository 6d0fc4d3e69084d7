package dev.flatgrad.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.codegen.runtime.GeneratedProgram;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        int status = javac.run(null, null, errors, "-classpath", codegenClasses, "-d", outputDirectory.toString(),
                "--release", "17", source.toString());
        assertEquals(0, status, "javac failed on " + source + ": " + errors.toString(StandardCharsets.UTF_8));
    }
}
