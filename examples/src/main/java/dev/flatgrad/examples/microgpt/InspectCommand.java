package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Program;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code microgpt inspect}: the one-page view of the model, its graphs and the code generated from them. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = BuildVersion.class,
        description = {
            "Write one HTML page about microgpt's model and the code generated from it.",
            "The page is self-contained (no network needed) and shows Gpt.java, each line linked to",
            "the graph nodes it built and the kernels they became;",
            "the forward and backward graphs as pictures folded by scope and as text; the generated Java,",
            "each kernel linked to its nodes; the compile report; and, for a saved run, its loss curve.",
            "Open DIR/index.html in a browser. To see the page of a run as it ends: train --html DIR."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:page written", "1:internal error (a bug: please report it)",
            "2:bad input (options, data, checkpoint, output folder)"})
final class InspectCommand implements Callable<Integer> {
    @Option(names = "--html", paramLabel = "DIR", required = true, description = "the folder to write index.html into"
            + " (created if missing; an index.html that flatgrad did not write is never replaced)")
    Path html;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "the run to show: its model's settings and its"
            + " loss curve (default: microgpt's settings, untrained)")
    Path checkpoint;

    @Option(names = "--data", paramLabel = "FILE", description = "without --checkpoint: the documents whose characters"
            + " make the vocabulary (default: input.txt in the working directory, else embedded names)")
    Path data;

    private final PrintStream out;
    private final PrintStream err;

    InspectCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (checkpoint != null && data != null) {
            throw new IllegalArgumentException("--data sets the vocabulary of an untrained model; a --checkpoint has"
                    + " its own. Leave out one of them");
        }
        ModelPage.requireWritable(html, "--html");
        GptConfig config;
        TrainOptions options;
        LossHistory losses;
        if (checkpoint != null) {
            Checkpoint saved = CheckpointFile.read(checkpoint);
            config = saved.config();
            options = Trainer.optionsOf(saved);
            losses = LossHistory.upTo(saved.step(), saved.losses());
        } else {
            Documents documents = data != null ? Documents.load(data) : Documents.resolveDefault(Path.of(""));
            err.println("data: " + documents.description());
            config = GptConfig.MICROGPT.withVocabSize(Tokenizer.fromDocuments(documents.documents()).vocabSize());
            options = TrainOptions.MICROGPT;
            losses = new LossHistory(1);
        }
        Gpt gpt = new Gpt(config, Trainer.documentsPerRun(options));
        Program program = Flatgrad.compile(Trainer.trainingSpec(gpt, options).build());
        Path page = ModelPage.write(program, config, losses, html);
        out.println("wrote " + page + " (" + program.kernels().size() + " generated methods"
                + (losses.isEmpty() ? "" : ", the loss of steps " + losses.firstStep() + " to " + losses.lastStep()) + ")");
        return 0;
    }
}
