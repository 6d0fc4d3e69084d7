package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.inspect.ProgramPage;
import dev.flatgrad.codegen.runtime.Program;
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

    /** Checks, before any work, that the page can be written into {@code dir}; see {@link ProgramPage#requireWritable}. */
    static void requireWritable(Path dir, String option) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if ((name.endsWith(".html") || name.endsWith(".htm")) && !java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " takes a folder, and the page is written into it as "
                    + ProgramPage.FILE_NAME + "; give " + (dir.getParent() == null ? "." : dir.getParent().toString())
                    + " or another folder, not " + dir);
        }
        try {
            ProgramPage.requireWritable(dir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage(), e);
        }
    }

    /** Writes {@code dir/index.html} for the training program of a model; {@code losses} may be empty (no curve). */
    static Path write(Program program, GptConfig config, LossHistory losses, Path dir) {
        ProgramPage.Builder page = ProgramPage.builder(program).title(title(config)).modelSource(SOURCE, gptSource());
        if (!losses.isEmpty()) {
            page.losses(losses.toArray(), losses.firstStep());
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
