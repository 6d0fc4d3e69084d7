package dev.flatgrad.examples.bench;

import dev.flatgrad.examples.microgpt.Headless;
import dev.flatgrad.examples.microgpt.PngFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Draws the benchmark grid that {@link TrainStepBenchmark} wrote as CSV: microseconds per document against the
 * width, both axes logarithmic, one line per dtype, batch and threads (two threads dashed); and prints the same
 * numbers as a Markdown table. Drawn with JFreeChart, headless.
 */
@Command(name = "grid-chart", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draws TrainStepBenchmark's CSV (JMH -rf csv) as a PNG of microseconds per document against"
                + " width, and prints it as a Markdown table.")
public final class GridChart implements Callable<Integer> {
    static {
        Headless.ensure(); // before the first AWT class below is loaded: AWT reads the setting once
    }

    static final int WIDTH = 1000;
    static final int HEIGHT = 640;

    /** Orders lines by dtype, then batch, then threads. */
    private static final Comparator<GridPoint> LINE_ORDER = Comparator.comparing(GridPoint::dtype)
            .thenComparingInt(GridPoint::batch).thenComparingInt(GridPoint::threads);
    /** One colour per dtype and batch; threads share it (two threads dashed). */
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(148, 103, 189), new Color(255, 127, 14), new Color(140, 86, 75)};

    @Parameters(index = "0", paramLabel = "CSV", description = "the grid as JMH wrote it (-rf csv)")
    Path csv;

    @Parameters(index = "1", paramLabel = "PNG", description = "the chart to write")
    Path png;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GridChart()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (Files.exists(png) && (Files.isDirectory(png) || !PngFile.looksLikePng(png))) {
            System.err.println("error: " + png + " exists and is not a PNG; not replacing it");
            return 2;
        }
        List<GridPoint> points = GridCsv.read(csv);
        if (points.isEmpty()) {
            System.err.println("error: " + csv + " holds no results");
            return 2;
        }
        PngFile.write(png, render(points, csv.getFileName().toString()));
        System.out.print(table(points));
        return 0;
    }

    /** The chart of {@code points}, with {@code source} (the CSV's name) in its subtitle. */
    static BufferedImage render(List<GridPoint> points, String source) {
        return chart(points, source).createBufferedImage(WIDTH, HEIGHT);
    }

    static JFreeChart chart(List<GridPoint> points, String source) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Map<String, Color> colorOfDtypeAndBatch = new TreeMap<>();
        for (Map.Entry<String, List<GridPoint>> line : lines(points).entrySet()) {
            GridPoint first = line.getValue().get(0);
            XYSeries series = new XYSeries(line.getKey(), true, false);
            for (GridPoint p : line.getValue()) {
                series.add(p.nEmbd(), p.microsPerDocument());
            }
            int index = data.getSeriesCount();
            data.addSeries(series);
            Color color = colorOfDtypeAndBatch.computeIfAbsent(first.dtype() + "/" + first.batch(),
                    k -> COLORS[colorOfDtypeAndBatch.size() % COLORS.length]);
            renderer.setSeriesPaint(index, color);
            renderer.setSeriesStroke(index, first.threads() == 1 ? new BasicStroke(2.0f)
                    : new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {7, 5}, 0));
        }

        LogAxis width = new LogAxis("width (n_embd)");
        width.setBase(2);
        width.setTickUnit(new NumberTickUnit(1)); // one tick per doubling: 16, 32, 64, ...
        width.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        LogAxis micros = new LogAxis("µs per document");
        micros.setBase(2);
        micros.setTickUnit(new NumberTickUnit(1)); // 4, 8, 16, ...: a line twice as high is twice as slow
        micros.setNumberFormatOverride(NumberFormat.getNumberInstance(Locale.ROOT));
        XYPlot plot = new XYPlot(data, width, micros, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));

        JFreeChart chart = new JFreeChart("microgpt training: µs per document by width",
                new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.RIGHT);
        chart.getLegend().setFrame(BlockBorder.NONE);
        chart.addSubtitle(0, new TextTitle("TrainStepBenchmark (JMH), n_layer 1, 4 heads, block 16; " + source,
                new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
        return chart;
    }

    /** The points grouped by line, lines in {@link #LINE_ORDER}, each line's points by width. */
    private static Map<String, List<GridPoint>> lines(List<GridPoint> points) {
        Map<String, List<GridPoint>> lines = new LinkedHashMap<>();
        points.stream().sorted(LINE_ORDER.thenComparingInt(GridPoint::nEmbd))
                .forEach(p -> lines.computeIfAbsent(p.line(), k -> new ArrayList<>()).add(p));
        return lines;
    }

    /** A Markdown table: one row per line, one column per width, microseconds per document. */
    static String table(List<GridPoint> points) {
        TreeSet<Integer> widths = new TreeSet<>();
        points.forEach(p -> widths.add(p.nEmbd()));
        StringBuilder out = new StringBuilder("| µs per document |");
        widths.forEach(w -> out.append(" d").append(w).append(" |"));
        out.append('\n').append("|---|");
        widths.forEach(w -> out.append("---|"));
        out.append('\n');
        for (Map.Entry<String, List<GridPoint>> line : lines(points).entrySet()) {
            out.append("| ").append(line.getKey()).append(" |");
            for (int w : widths) {
                String cell = line.getValue().stream().filter(p -> p.nEmbd() == w).findFirst()
                        .map(p -> " " + threeDigits(p.microsPerDocument()) + " |").orElse(" |");
                out.append(cell);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Three significant digits, plainly: 9.51, 31.8, 133, 1520. */
    static String threeDigits(double value) {
        int decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
