package dev.flatgrad.examples.microgpt;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Finds the repository's shared data (the sibling folder {@code ../shared} of the repository root). */
final class SharedData {
    private static final String NAMES = "shared/data/names.txt";

    private SharedData() {
    }

    /**
     * {@code shared/data/names.txt} in the working directory or one of its 3 nearest ancestors.
     * Aborts (skips) the calling test when it is absent, unless the environment variable CI is
     * "true", where a missing dataset is a failure.
     */
    static Path namesTxt() {
        Path start = Path.of("").toAbsolutePath();
        Path dir = start;
        for (int up = 0; up <= 3 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve(NAMES);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        String message = NAMES + " not found in " + start + " or its 3 parent directories;"
                + " place the makemore names.txt there (the repository's ../shared/data) to run this test";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + " (required because CI=true)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
