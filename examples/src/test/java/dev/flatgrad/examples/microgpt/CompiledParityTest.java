package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.Node;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The compiled microgpt program against microgpt.py's first training step. */
class CompiledParityTest {
    private final MicrogptReference ref = MicrogptReference.load();

    @Test
    void compiledLossAndGradientsMatchMicrogpt() {
        Gpt gpt = new Gpt(GptConfig.MICROGPT);
        ProgramSpec spec = ProgramSpec.builder(gpt.graph()).className("MicroGpt")
                .minimize(gpt.loss(), gpt.params()).optimizer(Optimizer.adam(0.85, 0.99, 1e-8)).build();
        Program p = Flatgrad.compile(spec);
        int n = ref.n(gpt.config().blockSize());
        p.setLength(n).setInput("tokens", Arrays.copyOfRange(ref.tokens(), 0, n))
                .setInput("targets", Arrays.copyOfRange(ref.tokens(), 1, n + 1));
        for (Node param : gpt.params()) {
            p.setParam(param.name(), ref.params().get(param.name()));
        }
        p.forward();
        p.backward();
        assertEquals(ref.loss(), p.scalar("loss"), 1e-12 * ref.loss());
        for (Node param : gpt.params()) {
            double[] expected = ref.grads().get(param.name());
            double[] actual = p.gradient(param.name());
            for (int i = 0; i < expected.length; i++) {
                assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-9 * Math.abs(expected[i]) + 1e-15,
                        param.name() + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
            }
        }
    }
}
