package dev.flatgrad.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The grid chart: JMH's CSV read back, microseconds per step turned into per document, the PNG drawn headless. */
class GridChartTest {
    /** A small grid as JMH 1.37 writes it with {@code -rf csv}: two widths, two lines. */
    private static final String CSV = String.join("\n",
            "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: batch\","
                    + "\"Param: data\",\"Param: dtype\",\"Param: nEmbd\",\"Param: numerics\",\"Param: threads\"",
            "\"dev.flatgrad.examples.bench.TrainStepBenchmark.step\",\"avgt\",1,5,160.000000,4.500000,\"us/op\",16,"
                    + "names.txt,f32,16,fast,1",
            "\"dev.flatgrad.examples.bench.TrainStepBenchmark.step\",\"avgt\",1,5,400.000000,9.000000,\"us/op\",16,"
                    + "names.txt,f32,32,fast,1",
            "\"dev.flatgrad.examples.bench.TrainStepBenchmark.step\",\"avgt\",1,5,20.000000,0.500000,\"us/op\",1,"
                    + "names.txt,f64,16,fast,2",
            "\"dev.flatgrad.examples.bench.TrainStepBenchmark.step\",\"avgt\",1,5,45.000000,NaN,\"us/op\",1,"
                    + "names.txt,f64,32,fast,2",
            "");

    @Test
    void theCsvIsReadAndStepsBecomeDocuments(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("grid.csv"), CSV);
        List<GridPoint> points = GridCsv.read(csv);
        assertEquals(4, points.size());
        GridPoint first = points.get(0);
        assertEquals(new GridPoint(16, "f32", 16, 1, 160, 4.5), first);
        assertEquals(10, first.microsPerDocument(), 1e-12, "a step of batch 16 trains 16 documents");
        assertEquals(45, points.get(3).microsPerDocument(), 1e-12);
        assertEquals("f64, batch 1, 2 threads", points.get(3).line());
        assertEquals(String.join("\n",
                "| µs per document | d16 | d32 |",
                "|---|---|---|",
                "| f32, batch 16, 1 thread | 10.0 | 25.0 |",
                "| f64, batch 1, 2 threads | 20.0 | 45.0 |",
                ""), GridChart.table(points));
    }

    @Test
    void theChartIsWrittenAsAPngWithoutADisplay(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("grid.csv"), CSV);
        Path png = dir.resolve("grid.png");
        assertEquals(0, new CommandLine(new GridChart()).execute(csv.toString(), png.toString()));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(GridChart.WIDTH, image.getWidth());
        assertEquals(GridChart.HEIGHT, image.getHeight());
        assertTrue(colouredPixels(image) > 500, "the lines are drawn in colour");
    }

    @Test
    void aFileThatIsNotTheGridIsRefusedAndNothingElseIsReplaced(@TempDir Path dir) throws IOException {
        Path other = Files.writeString(dir.resolve("other.csv"), "\"Benchmark\",\"Score\"\n\"x\",1.0\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GridCsv.read(other));
        assertTrue(e.getMessage().contains("no column \"Score Error (99.9%)\""), e.getMessage());
        Path csv = Files.writeString(dir.resolve("grid.csv"), CSV);
        Path notPng = Files.writeString(dir.resolve("notes.png"), "my notes");
        assertEquals(2, new CommandLine(new GridChart()).execute(csv.toString(), notPng.toString()));
        assertEquals("my notes", Files.readString(notPng));
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes() {
        assertEquals(List.of("a,b", "say \"hi\"", "", "3"), GridCsv.fields("\"a,b\",\"say \"\"hi\"\"\",,3"));
    }

    /** Pixels whose red, green and blue differ: the grey grid and black text are not counted. */
    private static int colouredPixels(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    count++;
                }
            }
        }
        return count;
    }
}
