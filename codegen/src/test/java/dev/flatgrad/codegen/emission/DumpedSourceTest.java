package dev.flatgrad.codegen.emission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.JavacCheck;
import dev.flatgrad.codegen.TestGraphs.Classifier;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

        JavacCheck.assertCompiles(file, dir.resolve("out"));
        assertTrue(Files.exists(dir.resolve("out/dev/flatgrad/generated/DumpedClassifier.class")));
    }

    @Test
    void theSystemPropertyAlsoDumpsSources() throws IOException {
        Classifier c = new Classifier();
        System.setProperty("flatgrad.dumpSources", dir.toString());
        ProgramSpec spec;
        try {
            spec = ProgramSpec.builder(c.graph).className("PropertyDumped").output(c.logits).build();
        } finally {
            System.clearProperty("flatgrad.dumpSources");
        }
        Program program = Flatgrad.compile(spec);
        assertEquals(program.source(), Files.readString(dir.resolve("dev/flatgrad/generated/PropertyDumped.java")));
    }
}
