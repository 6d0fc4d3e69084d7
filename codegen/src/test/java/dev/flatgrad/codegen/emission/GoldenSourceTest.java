package dev.flatgrad.codegen.emission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.TestGraphs.Classifier;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.dsl.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The generated source of a small graph, byte for byte. After an intended change to code generation,
 * regenerate with {@code -Dflatgrad.updateGolden=true} and review the diff.
 */
class GoldenSourceTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/Classifier.java.txt");

    @Test
    void classifierSourceMatchesTheGoldenFile() throws IOException {
        String source = Flatgrad.source(new Classifier().spec(Optimizer.adam(0.85, 0.99, 1e-8), DType.F64, false));
        if (Boolean.getBoolean("flatgrad.updateGolden")) {
            Files.writeString(GOLDEN, source, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), source);
    }

    @Test
    void theSameGraphGivesByteIdenticalSource() {
        String first = Flatgrad.source(new Classifier().spec(Optimizer.none(), DType.F32));
        String second = Flatgrad.source(new Classifier().spec(Optimizer.none(), DType.F32));
        assertEquals(first, second);
    }
}
