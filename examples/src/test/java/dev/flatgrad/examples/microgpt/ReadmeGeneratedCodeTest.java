package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.dsl.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What README.md shows of microgpt's graph and generated code is what flatgrad makes of Gpt.java today. */
class ReadmeGeneratedCodeTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void theKernelExcerptIsTheGeneratedOne() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("```java\n    /**\n     * Computes:");
        assertTrue(start >= 0, "README.md shows a generated kernel");
        String excerpt = readme.substring(start + "```java\n".length(), readme.indexOf("```", start + 8));
        // the command line's program: no vector module, one document per step
        String source = Flatgrad.source(Trainer.trainingSpec(new Gpt(GptConfig.MICROGPT), TrainOptions.MICROGPT)
                .vectorize(false).build());
        assertTrue(source.contains(excerpt), "README.md's kernel is not in the generated source any more:\n" + excerpt);
    }

    @Test
    void theIrLineIsThePrintedOne() throws IOException {
        String readme = Files.readString(README);
        Gpt gpt = new Gpt(GptConfig.MICROGPT);
        Node exp = gpt.graph().nodes().stream().filter(n -> n.path().equals("layer0/attn/softmax/exp")).findFirst()
                .orElseThrow();
        String line = dev.flatgrad.print.GraphPrinter.line(exp);
        assertTrue(readme.contains("\n" + line + "\n"), "README.md should show " + line);
    }
}
