package dev.flatgrad.examples.microgpt;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Attention weights as heatmaps, one panel per head, a row of panels per layer, all in one PNG: in each panel
 * row q is query position q and column k key position k, both labelled with the tokens (BOS first), and a
 * cell's colour its weight from 0 (white) to 1 (dark blue); the masked cells above the diagonal are grey. Drawn with JFreeChart, headless.
 */
final class AttentionPlot {
    static {
        Headless.ensure(); // before the first AWT class below is loaded: AWT reads the setting once
    }

    static final int PANEL_WIDTH = 420;
    static final int PANEL_HEIGHT = 380;
    static final int HEADER_HEIGHT = 64;

    private static final Color FULL = new Color(8, 48, 107);
    private static final Color MASKED = new Color(225, 225, 225);

    private AttentionPlot() {
    }

    /** The picture's width for {@code heads} heads. */
    static int width(int heads) {
        return heads * PANEL_WIDTH;
    }

    /** The picture's height for {@code layers} layers. */
    static int height(int layers) {
        return HEADER_HEIGHT + layers * PANEL_HEIGHT;
    }

    /** Draws {@code maps} under {@code title} into {@code file}. */
    static void write(Path file, AttentionMaps maps, String title) throws IOException {
        PngFile.write(file, render(maps, title));
    }

    static BufferedImage render(AttentionMaps maps, String title) {
        BufferedImage image = new BufferedImage(width(maps.heads()), height(maps.layers()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setPaint(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            centered(g, title, new Font(Font.SANS_SERIF, Font.BOLD, 16), image.getWidth(), 26);
            centered(g, "row: query position (there the model predicts the next token); column: key position;"
                    + " colour: attention weight (each row sums to 1); grey: masked, a later position",
                    new Font(Font.SANS_SERIF, Font.PLAIN, 12), image.getWidth(), 50);
            for (int layer = 0; layer < maps.layers(); layer++) {
                for (int head = 0; head < maps.heads(); head++) {
                    panel(maps, layer, head).draw(g, new Rectangle2D.Double(head * PANEL_WIDTH,
                            HEADER_HEIGHT + layer * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void centered(Graphics2D g, String text, Font font, int width, int baseline) {
        g.setFont(font);
        g.setPaint(Color.BLACK);
        g.drawString(text, Math.max(4, (width - g.getFontMetrics().stringWidth(text)) / 2), baseline);
    }

    /** One head's heatmap; the cells above the diagonal (masked) are left out and show the grey background. */
    static JFreeChart panel(AttentionMaps maps, int layer, int head) {
        int t = maps.length();
        double[][] cells = new double[3][t * (t + 1) / 2];
        int cell = 0;
        for (int q = 0; q < t; q++) {
            for (int k = 0; k <= q; k++) {
                cells[0][cell] = k;
                cells[1][cell] = q;
                cells[2][cell] = maps.weight(layer, head, q, k);
                cell++;
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("weights", cells);

        String[] labels = labels(maps.tokens());
        SymbolAxis keys = new SymbolAxis("key position", labels);
        keys.setGridBandsVisible(false);
        SymbolAxis queries = new SymbolAxis("query position", labels);
        queries.setGridBandsVisible(false);
        queries.setInverted(true); // the first position at the top, as a matrix is read
        Font tokenFont = new Font(Font.SANS_SERIF, Font.PLAIN, t > 12 ? 10 : 12);
        keys.setTickLabelFont(tokenFont);
        queries.setTickLabelFont(tokenFont);

        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new BlueScale());
        XYPlot plot = new XYPlot(data, keys, queries, renderer);
        plot.setBackgroundPaint(MASKED);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setDomainAxisLocation(AxisLocation.TOP_OR_LEFT);

        JFreeChart chart = new JFreeChart("layer " + layer + ", head " + head,
                new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        NumberAxis scaleAxis = new NumberAxis();
        scaleAxis.setRange(0, 1);
        scaleAxis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        PaintScaleLegend legend = new PaintScaleLegend(new BlueScale(), scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(10);
        legend.setMargin(30, 6, 30, 4);
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);
        return chart;
    }

    /** Token labels: BOS as it is, a blank or control character as a visible symbol. */
    private static String[] labels(List<String> tokens) {
        String[] out = new String[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            String s = tokens.get(i);
            out[i] = s.equals(" ") ? "\u2423" : s.codePoints().allMatch(Character::isISOControl)
                    ? String.format("U+%04X", s.codePointAt(0)) : s;
        }
        return out;
    }

    /** 0: white, 1: dark blue, linear in between. */
    private static final class BlueScale implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            double v = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
            return new Color(mix(255, FULL.getRed(), v), mix(255, FULL.getGreen(), v), mix(255, FULL.getBlue(), v));
        }

        private static int mix(int from, int to, double v) {
            return (int) Math.round(from + (to - from) * v);
        }
    }
}
