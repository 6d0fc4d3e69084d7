package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.inspect.ProgramPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The inspection page of a microgpt training program: {@link ProgramPage} with the model's own source
 * ({@code Gpt.java}, packed into the jar for this) and the run's loss curve.
 */
final class ModelPage {
    static final String SOURCE = "Gpt.java";

    private ModelPage() {
    }

    /** Writes {@code dir/index.html}; {@code losses} may be empty (no curve). */
    static Path write(Trainer trainer, double[] losses, Path dir) {
        ProgramPage.Builder page = ProgramPage.builder(trainer.program())
                .title(title(trainer.config()))
                .modelSource(SOURCE, gptSource());
        if (losses.length > 0) {
            page.losses(losses);
        }
        return page.write(dir);
    }

    static String title(GptConfig c) {
        return "microgpt: n_embd " + c.nEmbd() + ", n_layer " + c.nLayer() + ", n_head " + c.nHead() + ", block_size "
                + c.blockSize() + ", vocab " + c.vocabSize();
    }

    static String gptSource() {
        try (InputStream in = Gpt.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SOURCE + " is missing from the jar; rebuild it with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SOURCE + " from the jar", e);
        }
    }
}
