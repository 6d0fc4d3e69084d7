package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second run of the same model loads its compiled classes from the disk cache and prints the same run. */
class CompileCacheProcessTest {
    @TempDir
    Path dir;

    @Test
    void theSecondRunLoadsTheProgramsFromTheCacheAndTrainsTheSame() throws IOException {
        Map<String, String> cache = Map.of("FLATGRAD_CACHE_DIR", dir.resolve("cache").toString());
        CliRun first = CliProcess.start(dir, cache, "512m", "train", "--steps", "5", "--samples", "2", "--dump-ir", "ir1")
                .waitFor();
        CliRun second = CliProcess.start(dir, cache, "512m", "train", "--steps", "5", "--samples", "2", "--dump-ir", "ir2")
                .waitFor();
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(first.outWithoutSummary(), second.outWithoutSummary());
        assertTrue(report(dir.resolve("ir1/MicroGpt")).contains("# Janino: "), "the first run compiles");
        assertTrue(report(dir.resolve("ir2/MicroGpt")).contains("# loaded from the compile cache in "),
                "the second loads");
        assertTrue(report(dir.resolve("ir2/MicroGptSampler")).contains("# loaded from the compile cache in "));
    }

    private static String report(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return Files.readString(files.filter(f -> f.getFileName().toString().endsWith("compile-report.txt"))
                    .findFirst().orElseThrow());
        }
    }
}
