package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code train --parity} with settings other than microgpt.py's defaults prints exactly what microgpt.py prints
 * when its constants are edited to those settings: other depth, width, heads and block size, step count,
 * learning rate, temperature (above 1 too), sample count, seed, and data with non-ASCII characters. The
 * expected outputs come from {@code examples/src/test/python/make_parity_variants.py}.
 */
class ParityVariantsTest {
    private static final String DIR = "/microgpt/variants/";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"deeper-narrower", "unicode-names"})
    void parityRunPrintsWhatTheEditedMicrogptPrints(String variant) throws IOException {
        List<String> args = new ArrayList<>(List.of("train", "--parity"));
        for (String line : resource(variant + ".args").split("\n")) {
            if (line.startsWith("data=")) {
                String data = line.substring("data=".length());
                args.add("--data");
                args.add(data.equals("names") ? SharedData.namesTxt().toString() : copy(data).toString());
            } else if (!line.isBlank()) {
                args.add(line);
            }
        }
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(resource(variant + ".out"), run.outWithoutSummary(), "java " + String.join(" ", args));
    }

    private Path copy(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, resource(name), StandardCharsets.UTF_8);
        return file;
    }

    private static String resource(String name) {
        try (InputStream in = ParityVariantsTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + DIR + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
