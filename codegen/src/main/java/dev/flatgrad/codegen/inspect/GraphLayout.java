package dev.flatgrad.codegen.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A layered drawing of a small directed graph, top to bottom, computed without an external program:
 * each box goes one layer below the lowest of its predecessors (longest path), boxes within a layer
 * are ordered by a few barycenter sweeps to cut edge crossings, and every layer is centred. Boxes are
 * indexed in a topological order of the graph (node ids); an edge to an earlier box, which collapsing
 * scopes can create, is drawn but does not shape the layers.
 */
final class GraphLayout {
    static final double BOX_HEIGHT = 34;
    static final double LAYER_GAP = 36;
    static final double BOX_GAP = 14;
    static final double MARGIN = 10;
    private static final int SWEEPS = 4;

    /** Where a box goes: its top-left corner and size. */
    record Box(double x, double y, double width, double height) {
        double centerX() {
            return x + width / 2;
        }
    }

    private final List<Box> boxes;
    private final double width;
    private final double height;

    private GraphLayout(List<Box> boxes, double width, double height) {
        this.boxes = boxes;
        this.width = width;
        this.height = height;
    }

    List<Box> boxes() {
        return boxes;
    }

    double width() {
        return width;
    }

    double height() {
        return height;
    }

    /** Lays out boxes of the given widths joined by edges {@code {from, to}}. */
    static GraphLayout of(double[] widths, List<int[]> edges) {
        int n = widths.length;
        List<List<Integer>> preds = new ArrayList<>();
        List<List<Integer>> succs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            preds.add(new ArrayList<>());
            succs.add(new ArrayList<>());
        }
        for (int[] e : edges) {
            if (e[0] < e[1]) {
                preds.get(e[1]).add(e[0]);
                succs.get(e[0]).add(e[1]);
            }
        }
        int[] layer = new int[n];
        int layers = n == 0 ? 0 : 1;
        for (int i = 0; i < n; i++) {
            for (int p : preds.get(i)) {
                layer[i] = Math.max(layer[i], layer[p] + 1);
            }
            layers = Math.max(layers, layer[i] + 1);
        }
        List<List<Integer>> rows = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            rows.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            rows.get(layer[i]).add(i);
        }
        double[] position = new double[n];
        updatePositions(rows, position);
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            for (int l = 1; l < layers; l++) {
                reorder(rows.get(l), preds, position);
                updatePositions(rows, position);
            }
            for (int l = layers - 2; l >= 0; l--) {
                reorder(rows.get(l), succs, position);
                updatePositions(rows, position);
            }
        }
        double[] rowWidth = new double[layers];
        double widest = 0;
        for (int l = 0; l < layers; l++) {
            for (int i : rows.get(l)) {
                rowWidth[l] += widths[i];
            }
            rowWidth[l] += BOX_GAP * Math.max(0, rows.get(l).size() - 1);
            widest = Math.max(widest, rowWidth[l]);
        }
        Box[] boxes = new Box[n];
        for (int l = 0; l < layers; l++) {
            double x = MARGIN + (widest - rowWidth[l]) / 2;
            double y = MARGIN + l * (BOX_HEIGHT + LAYER_GAP);
            for (int i : rows.get(l)) {
                boxes[i] = new Box(x, y, widths[i], BOX_HEIGHT);
                x += widths[i] + BOX_GAP;
            }
        }
        double height = 2 * MARGIN + layers * BOX_HEIGHT + Math.max(0, layers - 1) * LAYER_GAP;
        return new GraphLayout(Arrays.asList(boxes), widest + 2 * MARGIN, height);
    }

    /** Sorts a layer by the mean position of each box's neighbours in the other layers; boxes without any keep theirs. */
    private static void reorder(List<Integer> row, List<List<Integer>> neighbours, double[] position) {
        double[] key = new double[position.length];
        for (int i : row) {
            List<Integer> ns = neighbours.get(i);
            key[i] = ns.isEmpty() ? position[i] : ns.stream().mapToDouble(k -> position[k]).average().orElse(0);
        }
        row.sort(Comparator.comparingDouble((Integer i) -> key[i]).thenComparingInt(i -> i));
    }

    /** Each box's place in its layer, scaled to [0, 1] so layers of different lengths compare. */
    private static void updatePositions(List<List<Integer>> rows, double[] position) {
        for (List<Integer> row : rows) {
            for (int k = 0; k < row.size(); k++) {
                position[row.get(k)] = row.size() == 1 ? 0.5 : (double) k / (row.size() - 1);
            }
        }
    }
}
