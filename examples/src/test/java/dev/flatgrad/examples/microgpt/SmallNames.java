package dev.flatgrad.examples.microgpt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small data file for command-line tests: eight names, fast to train on. */
final class SmallNames {
    private SmallNames() {
    }

    /** Writes {@code names.txt} into {@code dir} and returns it. */
    static Path write(Path dir) throws IOException {
        Path file = dir.resolve("names.txt");
        Files.writeString(file, "emma\nolivia\nava\nisabella\nsophia\nmia\nliam\nnoah\n", StandardCharsets.UTF_8);
        return file;
    }
}
