package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parity with microgpt.py on names.txt: the first 50 losses to 1e-10 (reference numbers from
 * dump_microgpt_reference.py), and the whole printed run of {@code train --parity} (1000 loss lines
 * and 20 samples) equal to microgpt.py's own output, kept in microgpt_py_output.txt.
 */
class MicrogptParityTest {
    @Test
    void firstFiftyLossesMatchMicrogptTo1e10() {
        Path names = SharedData.namesTxt();
        List<Double> expected = MicrogptReference.load().stepLosses();
        assertEquals(50, expected.size());
        Trainer trainer = Trainer.start(GptConfig.MICROGPT, TrainOptions.MICROGPT, Documents.load(names).documents(), ProgramOptions.DEFAULT);
        for (int step = 0; step < expected.size(); step++) {
            double loss = trainer.trainStep();
            double want = expected.get(step);
            assertTrue(Math.abs(loss - want) <= 1e-10 * Math.abs(want),
                    "step " + (step + 1) + ": microgpt.py " + want + ", flatgrad " + loss);
        }
    }

    @Test
    void parityRunPrintsExactlyWhatMicrogptPrints() throws IOException {
        Path names = SharedData.namesTxt();
        CliRun run = CliRun.of("train", "--parity", "--data", names.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(microgptOutput(), run.outWithoutSummary());
        assertTrue(run.out().contains("summary: 1000 steps in "), run.out());
    }

    /** microgpt.py's stdout with its carriage-return progress lines as separate lines. */
    private static String microgptOutput() throws IOException {
        try (InputStream in = MicrogptParityTest.class.getResourceAsStream("/microgpt/microgpt_py_output.txt")) {
            List<String> lines = new ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
            return String.join("\n", lines) + "\n";
        }
    }
}
