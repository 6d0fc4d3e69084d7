package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    @TempDir
    Path dir;

    private Path names() throws IOException {
        return Files.writeString(dir.resolve("names.txt"), "emma\nolivia\nava\nisabella\nsophia\nmia\nliam\nnoah\n",
                StandardCharsets.UTF_8);
    }

    @Test
    void writesThePageOfTheDefaultModel() throws IOException {
        Path page = dir.resolve("page");
        CliRun run = CliRun.of("inspect", "--html", page.toString(), "--data", names().toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote " + page.resolve("index.html")), run.out());
        String html = Files.readString(page.resolve("index.html"));
        assertTrue(html.contains("<title>microgpt: n_embd 16, n_layer 1, n_head 4, block_size 16, vocab 13 - flatgrad</title>"),
                "vocabulary of the data: 12 letters and BOS");
        assertTrue(html.contains("<h3>Gpt.java</h3>") && html.contains("causalSelfAttentionWithWeights(x, layer.wq"),
                "the model's source");
        assertTrue(html.contains("id=\"kernel-k") && html.contains("id=\"scope-backward-grad/layer0/attn\""));
        assertFalse(html.contains("id=\"loss\""), "an untrained model has no loss curve");
    }

    @Test
    void aCheckpointsPageHasItsLossCurveAndTrainWritesTheSame() throws IOException {
        Path ckpt = dir.resolve("run.ckpt");
        Path trained = dir.resolve("trained");
        CliRun train = CliRun.of("train", "--data", names().toString(), "--steps", "12", "--n-embd", "8", "--samples", "0",
                "--checkpoint", ckpt.toString(), "--html", trained.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.err().contains("html: " + trained.resolve("index.html")), train.err());
        Path inspected = dir.resolve("inspected");
        CliRun inspect = CliRun.of("inspect", "--html", inspected.toString(), "--checkpoint", ckpt.toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("the loss of steps 1 to 12"), inspect.out());
        String page = Files.readString(inspected.resolve("index.html"));
        assertTrue(page.contains("<section id=\"loss\">") && page.contains("n_embd 8"), "the checkpoint's model and curve");
        String compileTime = "\\((Janino: |loaded from the compile cache in )\\d+ ms\\)";
        assertEquals(Files.readString(trained.resolve("index.html")).replaceAll(compileTime, ""),
                page.replaceAll(compileTime, ""), "train --html and inspect --checkpoint show the same run");
    }

    @Test
    void badInputIsRefusedAndNothingIsOverwritten() throws IOException {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<p>my page</p>");
        CliRun foreign = CliRun.of("inspect", "--html", site.toString());
        assertEquals(MicrogptCli.BAD_INPUT, foreign.exitCode());
        assertTrue(foreign.err().startsWith("error: --html " + site + " holds an index.html that flatgrad did not write"),
                foreign.err());
        assertEquals("<p>my page</p>", Files.readString(site.resolve("index.html")));

        Path file = Files.writeString(dir.resolve("notes.txt"), "notes");
        CliRun onFile = CliRun.of("inspect", "--html", file.toString());
        assertEquals(MicrogptCli.BAD_INPUT, onFile.exitCode());
        assertTrue(onFile.err().contains("is a file, not a folder; it is left untouched"), onFile.err());

        CliRun both = CliRun.of("inspect", "--html", dir.resolve("p").toString(), "--data", names().toString(),
                "--checkpoint", file.toString());
        assertEquals(MicrogptCli.BAD_INPUT, both.exitCode());
        assertTrue(both.err().contains("Leave out one of them"), both.err());

        CliRun notACheckpoint = CliRun.of("inspect", "--html", dir.resolve("p").toString(), "--checkpoint", file.toString());
        assertEquals(MicrogptCli.BAD_INPUT, notACheckpoint.exitCode());
        assertFalse(notACheckpoint.err().contains("\tat "), notACheckpoint.err());

        CliRun htmlFile = CliRun.of("inspect", "--html", dir.resolve("page.html").toString());
        assertEquals(MicrogptCli.BAD_INPUT, htmlFile.exitCode());
        assertTrue(htmlFile.err().contains("--html takes a folder, and the page is written into it as index.html"),
                htmlFile.err());
        assertFalse(Files.exists(dir.resolve("page.html")));

        CliRun missing = CliRun.of("inspect");
        assertEquals(MicrogptCli.BAD_INPUT, missing.exitCode());
        assertTrue(missing.err().startsWith("error: Missing required option: '--html=DIR'"), missing.err());
    }
}
