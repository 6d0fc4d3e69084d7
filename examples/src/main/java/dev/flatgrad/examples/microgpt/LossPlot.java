package dev.flatgrad.examples.microgpt;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The loss curve of a training run as a PNG: every step's loss as a thin light line, and a trailing moving mean
 * over {@link #window} steps (named in the legend) on top; step on the x axis, loss on the y axis. A step whose
 * loss is not a number (where a run diverged) is a gap in the line and a dashed red marker. Drawn with
 * JFreeChart, headless.
 */
final class LossPlot {
    static {
        Headless.ensure(); // before the first AWT class below is loaded: AWT reads the setting once
    }

    static final int WIDTH = 1000;
    static final int HEIGHT = 560;

    private static final Color STEP_COLOR = new Color(120, 150, 200, 140);
    private static final Color MEAN_COLOR = new Color(200, 60, 20);
    /** Up to this many steps each loss is also drawn as a dot. */
    private static final int FEW_STEPS = 100;

    private LossPlot() {
    }

    /** A red line where the loss was not a number (where the run diverged), labelled with the loss. */
    private static ValueMarker nonFinite(int step, double loss) {
        ValueMarker marker = new ValueMarker(step, MEAN_COLOR, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
        marker.setLabel("step " + step + ": loss " + PythonFormat.fixed(loss, 4));
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        return marker;
    }

    /**
     * The moving mean's window for a curve of {@code steps} losses: a twentieth of them (50 for 1000), but for short
     * runs up to 10 steps as long as that is at most a fifth of them; at least 1.
     */
    static int window(int steps) {
        return Math.max(1, Math.max(steps / 20, Math.min(10, steps / 5)));
    }

    /** The title naming a run's settings, e.g. {@code microgpt: n_embd 16, n_layer 1, n_head 4, ...}. */
    static String title(GptConfig config, TrainOptions options) {
        return String.format(Locale.ROOT, "microgpt: n_embd %d, n_layer %d, n_head %d, block_size %d, batch %d, %s %s,"
                        + " lr %s, seed %d", config.nEmbd(), config.nLayer(), config.nHead(), config.blockSize(),
                options.batch(), options.precision(), options.numerics().name().toLowerCase(Locale.ROOT),
                new BigDecimal(Double.toString(options.learningRate())).stripTrailingZeros(), options.seed());
    }

    /** Draws {@code losses} under {@code title} and {@code subtitle} (e.g. the data and the steps) into {@code file}. */
    static void write(Path file, LossHistory losses, String title, String subtitle) throws IOException {
        PngFile.write(file, render(losses, title, subtitle));
    }

    static BufferedImage render(LossHistory losses, String title, String subtitle) {
        return chart(losses, title, subtitle).createBufferedImage(WIDTH, HEIGHT);
    }

    static JFreeChart chart(LossHistory losses, String title, String subtitle) {
        double[] values = losses.toArray();
        int window = window(values.length);
        double[] means = MovingMean.trailing(values, window);
        XYSeries perStep = new XYSeries("loss per step", false, true);
        XYSeries mean = new XYSeries(window == 1 ? "loss per step (too few steps for a mean)"
                : "mean of the last " + window + " steps", false, true);
        for (int i = 0; i < values.length; i++) {
            int step = losses.firstStep() + i;
            perStep.add(step, Double.isFinite(values[i]) ? values[i] : Double.NaN); // NaN: no point, a gap
            mean.add(step, means[i]);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(perStep);
        data.addSeries(mean);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, STEP_COLOR);
        renderer.setSeriesStroke(0, new BasicStroke(0.8f));
        renderer.setSeriesPaint(1, MEAN_COLOR);
        renderer.setSeriesStroke(1, new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        renderer.setDrawSeriesLineAsPath(true);
        renderer.setSeriesShapesVisible(0, values.length <= FEW_STEPS); // a line needs two points: show each one
        renderer.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));

        NumberAxis stepAxis = new NumberAxis("step");
        stepAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        stepAxis.setAutoRangeIncludesZero(false);
        NumberAxis lossAxis = new NumberAxis("loss");
        lossAxis.setAutoRangeIncludesZero(false);
        lossAxis.setAutoRangeMinimumSize(0.1); // a single loss still gets readable ticks
        XYPlot plot = new XYPlot(data, stepAxis, lossAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                plot.addDomainMarker(nonFinite(losses.firstStep() + i, values[i]));
            }
        }

        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.TOP);
        chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        TextTitle sub = new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.addSubtitle(0, sub);
        return chart;
    }
}
