package dev.flatgrad.codegen.emission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.TestGraphs.Classifier;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dumped sources are plain Java: javac compiles them against the codegen classes alone. */
class DumpedSourceTest {
    @TempDir
    Path dir;

    @Test
    void dumpedSourceCompilesWithJavac() throws IOException {
        Classifier c = new Classifier();
        ProgramSpec spec = ProgramSpec.builder(c.graph).className("DumpedClassifier").output(c.logits)
                .minimize(c.loss, List.of(c.w1, c.w2)).optimizer(Optimizer.adam(0.85, 0.99, 1e-8))
                .precision(DType.F64).dumpSources(dir).build();
        Program program = Flatgrad.compile(spec);
        Path file = dir.resolve("dev/flatgrad/generated/DumpedClassifier.java");
        assertEquals(program.source(), Files.readString(file, StandardCharsets.UTF_8));

        String codegenClasses = Path.of(dev.flatgrad.codegen.runtime.GeneratedProgram.class.getProtectionDomain()
                .getCodeSource().getLocation().getPath()).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, "-classpath", codegenClasses, "-d", dir.resolve("out").toString(),
                "--release", "17", file.toString());
        assertEquals(0, status, "javac failed: " + errors.toString(StandardCharsets.UTF_8));
        assertTrue(Files.exists(dir.resolve("out/dev/flatgrad/generated/DumpedClassifier.class")));
    }
}
