package dev.flatgrad.examples.microgpt;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds makemore's names.txt for the tests that need it: {@code shared/data/names.txt} beside the repository
 * (where developers and CI keep it). Without it those tests are skipped, with the reason on the console,
 * unless the environment variable {@value #REQUIRE} is {@code 1} (as {@code .ci/run} sets it): then a
 * missing file fails them.
 */
final class SharedData {
    static final String REQUIRE = "FLATGRAD_REQUIRE_SHARED_DATA";
    private static final String NAMES = "shared/data/names.txt";

    private SharedData() {
    }

    /** {@code shared/data/names.txt} in the working directory or one of its 3 nearest ancestors. */
    static Path namesTxt() {
        Path start = Path.of("").toAbsolutePath();
        Path dir = start;
        for (int up = 0; up <= 3 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve(NAMES);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        String message = NAMES + " not found in " + start + " or its 3 parent directories; place makemore's names.txt"
                + " (https://raw.githubusercontent.com/karpathy/makemore/988aa59/names.txt) there to run this test";
        if ("1".equals(System.getenv(REQUIRE))) {
            throw new AssertionError(message + " (required: " + REQUIRE + "=1)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
