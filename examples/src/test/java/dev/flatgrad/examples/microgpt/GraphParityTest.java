package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The graph-level GPT, run by the reference interpreter, against microgpt.py's first training step. */
class GraphParityTest {
    private final MicrogptReference ref = MicrogptReference.load();
    private final Gpt gpt = new Gpt(GptConfig.MICROGPT);

    @Test
    void paramsAreCreatedInMicrogptOrder() {
        List<String> names = gpt.params().stream().map(Node::name).toList();
        assertEquals(new ArrayList<>(ref.params().keySet()), names);
    }

    @Test
    void firstDocumentLossAndGradientsMatchMicrogpt() {
        List<Node> outputs = new ArrayList<>();
        outputs.add(gpt.loss());
        outputs.addAll(Autodiff.grad(gpt.loss(), gpt.params()));
        List<NDArray> values = Interpreter.evaluate(bindFirstDocument(), outputs);

        double loss = values.get(0).item();
        assertEquals(ref.loss(), loss, 1e-12 * Math.abs(ref.loss()), "loss");
        for (int p = 0; p < gpt.params().size(); p++) {
            String name = gpt.params().get(p).name();
            double[] expected = ref.grads().get(name);
            double[] actual = values.get(p + 1).data();
            assertEquals(expected.length, actual.length, name);
            for (int i = 0; i < expected.length; i++) {
                double tolerance = 1e-9 * Math.abs(expected[i]) + 1e-15;
                assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance,
                        "d loss / d " + name + "[" + i + "]: microgpt.py " + expected[i] + ", flatgrad " + actual[i]);
            }
        }
    }

    private Bindings bindFirstDocument() {
        int n = ref.n(gpt.config().blockSize());
        Bindings b = new Bindings().dim("T", n)
                .bindInts("tokens", Arrays.copyOfRange(ref.tokens(), 0, n), n)
                .bindInts("targets", Arrays.copyOfRange(ref.tokens(), 1, n + 1), n);
        for (Node p : gpt.params()) {
            int[] shape = p.shape().resolve(java.util.Map.of());
            b.bind(p.name(), ref.params().get(p.name()), shape);
        }
        return b;
    }
}
