package dev.flatgrad.codegen.compilation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.emission.GeneratedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated source that does not compile (a flatgrad bug) is reported with its file and line. */
class CompileFailureTest {
    @Test
    void reportsWhereTheSourceWasWrittenAndTheFailingLine(@TempDir Path dir) throws Exception {
        String text = "package dev.flatgrad.generated;\n"
                + "public abstract class Broken extends dev.flatgrad.codegen.runtime.GeneratedProgram {\n"
                + "    public void forward() { int x = \"not an int\"; }\n"
                + "}\n";
        GeneratedSource source = new GeneratedSource("dev.flatgrad.generated", "Broken", text, List.of(), null, 1, 0, java.util.Map.of(), java.util.Set.of(), 0, List.of());
        CompilationException e = assertThrows(CompilationException.class, () -> JaninoCompiler.compile(source, dir));
        assertTrue(e.getMessage().contains("line 3: public void forward() { int x = \"not an int\"; }"), e.getMessage());
        String written = e.getMessage().lines().filter(l -> l.contains("source written to")).findFirst().orElseThrow()
                .replaceFirst(".*source written to ", "");
        assertEquals(dir.resolve("Broken.java"), Path.of(written));
        assertEquals(text, Files.readString(Path.of(written)));
    }
}
