package dev.flatgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * README.md tells a user the truth: its first program is {@link QuickStart} as it is and prints what the README
 * says, the coordinates it gives are this build's, and it never points at files outside this repository.
 */
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path QUICK_START = Path.of("src/main/java/dev/flatgrad/examples/QuickStart.java");

    @Test
    void theFirstProgramIsQuickStartAndPrintsWhatTheReadmeSays() throws IOException {
        String readme = Files.readString(README);
        String source = Files.readString(QUICK_START);
        String body = source.substring(source.indexOf("// readme:begin\n") + "// readme:begin\n".length(),
                source.indexOf("        // readme:end"));
        String unindented = body.lines().map(l -> l.startsWith("        ") ? l.substring(8) : l)
                .collect(Collectors.joining("\n", "```java\n", "\n```"));
        assertTrue(readme.contains(unindented), "README.md must show QuickStart.java's code as it is:\n" + unindented);

        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8).strip();
        assertEquals("loss 0.000000, w 1.9994, b 1.0011", printed);
        assertTrue(readme.contains("It prints `" + printed + "`"), "README.md quotes the output: " + printed);
    }

    @Test
    void theCoordinatesAreThisBuilds() throws IOException {
        String readme = Files.readString(README);
        String pom = Files.readString(Path.of("..", "pom.xml"));
        String version = pom.replaceFirst("(?s).*?<artifactId>flatgrad-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        assertTrue(readme.contains("<groupId>dev.flatgrad</groupId>\n  <artifactId>codegen</artifactId>\n  <version>"
                + version + "</version>"), "README.md gives the coordinates of version " + version);
    }

    @Test
    void thePicturesItShowsAreInTheRepository() throws IOException {
        java.util.regex.Matcher image = java.util.regex.Pattern.compile("!\\[[^]]*]\\(([^)]+)\\)").matcher(Files.readString(README));
        int pictures = 0;
        while (image.find()) {
            Path file = Path.of("..").resolve(image.group(1));
            byte[] head = Arrays.copyOf(Files.readAllBytes(file), 4);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, file + " is a PNG");
            pictures++;
        }
        assertTrue(pictures >= 2, "the loss curve and the attention weights");
    }

    @Test
    void userFacingDocumentsStandAlone() throws IOException {
        for (String doc : new String[] {"README.md", "BENCHMARKS.md"}) {
            String text = Files.readString(Path.of("..", doc));
            assertFalse(text.contains("../shared") || text.contains("shared/reference"),
                    doc + " must not send a user to ../shared, which a clone of this repository lacks");
        }
    }
}
