package dev.flatgrad.codegen.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.TestGraphs;
import dev.flatgrad.codegen.compilation.MethodSizes;
import dev.flatgrad.codegen.emission.EmittedKernel;
import dev.flatgrad.codegen.runtime.IrStage;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IrDumpTest {
    @TempDir
    Path tmp;

    private static ProgramSpec spec(TestGraphs.Classifier c, Path dir) {
        return ProgramSpec.builder(c.graph).className("Classifier").output(c.logits)
                .minimize(c.loss, List.of(c.w1, c.w2)).optimizer(Optimizer.adam(0.85, 0.99, 1e-8))
                .precision(DType.F64).dumpIr(dir).build();
    }

    @Test
    void writesEveryStageThePlanTheSourceAndTheCompileReport() throws IOException {
        Path dir = tmp.resolve("ir");
        TestGraphs.Classifier c = new TestGraphs.Classifier();
        Program program = Flatgrad.compile(spec(c, dir));
        Path folder = dir.resolve("Classifier");
        List<String> stages = program.spec().stages().stream().map(IrStage::name).toList();
        assertEquals(List.of("traced", "autodiff", "constant-folding", "simplification", "cse", "dce"), stages,
                "the passes that changed this graph, in order");
        int n = stages.size();
        assertEquals(List.of(".flatgrad-ir", "01-traced.txt", "02-autodiff.txt", "03-constant-folding.txt",
                "04-simplification.txt", "05-cse.txt", "06-dce.txt", "07-lowering.txt", "08-Classifier.java",
                "09-compile-report.txt"),
                list(folder));
        String folded = Files.readString(folder.resolve("03-constant-folding.txt"));
        assertTrue(folded.startsWith("# stage 3: constant-folding: constant folding: ops on constants become constants: "),
                folded);

        String traced = Files.readString(folder.resolve("01-traced.txt"));
        String autodiff = Files.readString(folder.resolve("02-autodiff.txt"));
        assertTrue(traced.contains("= matmul") && traced.contains("cross_entropy/log_softmax/exp"), traced);
        assertFalse(traced.contains("grad/"), "tracing comes before autodiff");
        assertTrue(autodiff.startsWith("# stage 2: autodiff"), autodiff);
        assertTrue(autodiff.contains("grad/cross_entropy/log_softmax/"), autodiff);
        assertEquals(program.source(), Files.readString(folder.resolve(String.format("%02d-Classifier.java", n + 2))));

        // the lowering plan lists every kernel, and every node a kernel computes
        String lowering = Files.readString(folder.resolve(String.format("%02d-lowering.txt", n + 1)));
        for (EmittedKernel k : program.kernels()) {
            assertTrue(lowering.contains("  " + k.method() + " -> " + k.writes() + "\n"), k.method());
            for (int id : k.nodeIds()) {
                assertTrue(lowering.contains("%" + id + " "), "%" + id + " of " + k.method());
            }
        }

        // the compile report gives each method's bytecode size as read from the class file
        String report = Files.readString(folder.resolve(String.format("%02d-compile-report.txt", n + 3)));
        Map<String, Integer> sizes = MethodSizes.of(program.bytecode().get("dev.flatgrad.generated.Classifier"));
        sizes.forEach((method, bytes) -> {
            String name = method.substring(0, method.indexOf('(')).replace("$", "");
            assertTrue(report.matches("(?s).*\\s" + bytes + "  " + java.util.regex.Pattern.quote(name) + "[:\\n].*"),
                    method + " " + bytes + "\n" + report);
        });
        EmittedKernel forwardKernel = program.kernels().get(0);
        Node root = program.spec().compiledGraph().graph().node(forwardKernel.nodeIds().get(forwardKernel.nodeIds().size() - 1));
        assertTrue(report.contains(forwardKernel.method() + ": forward " + root.path()), report);
    }

    @Test
    void aSecondDumpReplacesTheFirstAndRemovesWhatItNoLongerWrites() throws IOException {
        Path dir = tmp.resolve("ir");
        Flatgrad.compile(spec(new TestGraphs.Classifier(), dir));
        Path stale = dir.resolve("Classifier/02-autodiff.txt");
        assertTrue(Files.exists(stale));
        // a program without a loss has no autodiff stage; its dump must not leave the old one behind
        TestGraphs.Classifier c = new TestGraphs.Classifier();
        Flatgrad.compile(ProgramSpec.builder(c.graph).className("Classifier").output(c.logits).optimize(false).dumpIr(dir)
                .build());
        assertEquals(List.of(".flatgrad-ir", "01-traced.txt", "02-lowering.txt", "03-Classifier.java",
                "04-compile-report.txt"), list(dir.resolve("Classifier")));
    }

    @Test
    void neverOverwritesFilesThatAreNotAnIrDump() throws IOException {
        Path dir = tmp.resolve("ir");
        Path folder = Files.createDirectories(dir.resolve("Classifier"));
        Path mine = Files.writeString(folder.resolve("01-traced.txt"), "my notes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Flatgrad.compile(spec(new TestGraphs.Classifier(), dir)));
        assertTrue(e.getMessage().contains("not a flatgrad IR dump"), e.getMessage());
        assertEquals("my notes", Files.readString(mine));

        Path file = Files.writeString(tmp.resolve("plain.txt"), "data");
        IllegalArgumentException notFolder = assertThrows(IllegalArgumentException.class,
                () -> Flatgrad.compile(spec(new TestGraphs.Classifier(), file)));
        assertTrue(notFolder.getMessage().contains("is a file, not a folder"), notFolder.getMessage());
        assertEquals("data", Files.readString(file));
    }

    @Test
    void aCompiledProgramCanBeDumpedAfterwards() throws IOException {
        TestGraphs.Classifier c = new TestGraphs.Classifier();
        Program program = Flatgrad.compile(c.spec(Optimizer.none(), DType.F64));
        Path folder = IrDump.write(program, tmp.resolve("later"));
        int n = program.spec().stages().size();
        assertEquals(n + 4, list(folder).size());
        assertEquals(program.source(), Files.readString(folder.resolve(String.format("%02d-Classifier.java", n + 2))));
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
