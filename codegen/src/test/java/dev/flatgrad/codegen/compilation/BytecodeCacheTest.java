package dev.flatgrad.codegen.compilation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.TestGraphs;
import dev.flatgrad.codegen.emission.GeneratedSource;
import dev.flatgrad.codegen.emission.ProgramEmitter;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BytecodeCacheTest {
    @TempDir
    Path tmp;

    private static double[] run(Program p) {
        p.setLength(3).setInput("x", TestGraphs.Classifier.X).setInput("labels", TestGraphs.Classifier.LABELS)
                .setParam("w1", TestGraphs.Classifier.W1).setParam("w2", TestGraphs.Classifier.W2);
        p.forward();
        p.backward();
        double[] out = new double[1 + 12];
        out[0] = p.scalar("loss");
        System.arraycopy(p.gradient("w1"), 0, out, 1, 12);
        return out;
    }

    private static Program program(ProgramSpec spec, GeneratedSource source, CompiledClass compiled) throws Exception {
        return new Program(compiled.type().getDeclaredConstructor().newInstance(), source, compiled, spec);
    }

    @Test
    void aCompiledProgramIsStoredAndItsClassesLoadAgainAndComputeTheSame() throws Exception {
        BytecodeCache cache = BytecodeCache.at(tmp);
        ProgramSpec spec = new TestGraphs.Classifier().spec(Optimizer.sgd(), DType.F64);
        GeneratedSource source = ProgramEmitter.emit(spec);
        CompiledClass compiled = JaninoCompiler.compile(source, null, Optional.of(cache));
        assertTrue(Files.isRegularFile(cache.folder().resolve(JaninoCompiler.fingerprint(source.text()) + ".classes")));

        CompiledClass loaded = JaninoCompiler.load(cache, source).orElseThrow();
        assertTrue(loaded.fromDiskCache());
        assertNotSame(compiled.type(), loaded.type(), "defined anew, in a loader of its own");
        assertEquals(compiled.bytecode().keySet(), loaded.bytecode().keySet());
        for (String name : compiled.bytecode().keySet()) {
            assertArrayEquals(compiled.bytecode().get(name), loaded.bytecode().get(name), name);
        }
        assertArrayEquals(run(program(spec, source, compiled)), run(program(spec, source, loaded)));
    }

    @Test
    void aDamagedEntryIsDeletedAndCompiledAgain() throws Exception {
        BytecodeCache cache = BytecodeCache.at(tmp);
        GeneratedSource source = ProgramEmitter.emit(new TestGraphs.Classifier().spec(Optimizer.none(), DType.F32));
        cache.store(JaninoCompiler.fingerprint(source.text()), Map.of("x", new byte[] {1, 2, 3}));
        Path entry = cache.folder().resolve(JaninoCompiler.fingerprint(source.text()) + ".classes");
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(entry, bytes);
        assertEquals(Optional.empty(), JaninoCompiler.load(cache, source));
        assertFalse(Files.exists(entry), "the damaged entry is gone");

        // an entry whose checksum holds but whose classes are not the program's is not used either
        cache.store(JaninoCompiler.fingerprint(source.text()), Map.of("not.the.Program", new byte[] {1, 2, 3}));
        assertEquals(Optional.empty(), JaninoCompiler.load(cache, source));
    }

    @Test
    void theLeastRecentlyUsedEntriesGoBeyondTheLimit() throws Exception {
        BytecodeCache cache = BytecodeCache.at(tmp, 3);
        for (int i = 0; i < 5; i++) {
            cache.store(String.format("%064x", i), Map.of("C" + i, new byte[] {(byte) i}));
            Files.setLastModifiedTime(cache.folder().resolve(String.format("%064x", i) + ".classes"),
                    java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        try (Stream<Path> entries = Files.list(cache.folder())) {
            List<String> left = entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".classes"))
                    .sorted().toList();
            assertEquals(3, left.size(), left.toString());
        }
        assertTrue(cache.load(String.format("%064x", 4)).isPresent(), "the newest stays");
    }

    @Test
    void aCacheThatCannotBeWrittenOnlyCostsTheCompile() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        BytecodeCache cache = BytecodeCache.at(file);
        GeneratedSource source = ProgramEmitter.emit(new TestGraphs.Classifier().spec(Optimizer.none(), DType.F64));
        CompiledClass compiled = JaninoCompiler.compile(source, null, Optional.of(cache));
        assertFalse(compiled.fromDiskCache());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void offTurnsItOff() {
        String before = System.getProperty(BytecodeCache.DIR_PROPERTY);
        try {
            System.setProperty(BytecodeCache.DIR_PROPERTY, "off");
            assertEquals(Optional.empty(), BytecodeCache.fromSettings());
            System.setProperty(BytecodeCache.DIR_PROPERTY, tmp.toString());
            assertTrue(BytecodeCache.fromSettings().orElseThrow().folder().startsWith(tmp));
        } finally {
            if (before == null) {
                System.clearProperty(BytecodeCache.DIR_PROPERTY);
            } else {
                System.setProperty(BytecodeCache.DIR_PROPERTY, before);
            }
        }
    }
}
