package dev.flatgrad.examples.microgpt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * microgpt.py's initial weights, first document, loss and gradients, as dumped by
 * {@code examples/src/test/python/dump_microgpt_reference.py} (seed 42, names.txt).
 */
record MicrogptReference(int[] tokens, double loss, Map<String, double[]> params, Map<String, double[]> grads,
                         List<Double> stepLosses) {

    static MicrogptReference load() {
        try (InputStream in = MicrogptReference.class.getResourceAsStream("/microgpt/first_step_reference.txt")) {
            if (in == null) {
                throw new IllegalStateException("test resource microgpt/first_step_reference.txt is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MicrogptReference parse(String[] lines) {
        int[] tokens = null;
        double loss = Double.NaN;
        Map<String, double[]> params = new LinkedHashMap<>();
        Map<String, double[]> grads = new LinkedHashMap<>();
        List<Double> stepLosses = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].trim().split(" ");
            switch (f[0]) {
                case "tokens" -> tokens = Arrays.stream(f, 1, f.length).mapToInt(Integer::parseInt).toArray();
                case "loss" -> loss = Double.parseDouble(f[1]);
                case "loss_step" -> stepLosses.add(Double.parseDouble(f[2]));
                case "param", "grad" -> {
                    int rows = Integer.parseInt(f[2]);
                    int cols = Integer.parseInt(f[3]);
                    double[] values = new double[rows * cols];
                    for (int r = 0; r < rows; r++) {
                        String[] row = lines[++i].trim().split(" ");
                        for (int c = 0; c < cols; c++) {
                            values[r * cols + c] = Double.parseDouble(row[c]);
                        }
                    }
                    (f[0].equals("param") ? params : grads).put(f[1], values);
                }
                default -> { }
            }
        }
        return new MicrogptReference(tokens, loss, params, grads, stepLosses);
    }

    /** Positions fed to the model: n = min(block_size, len(tokens) - 1). */
    int n(int blockSize) {
        return Math.min(blockSize, tokens.length - 1);
    }
}
