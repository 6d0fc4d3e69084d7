package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

/** The loss curve: its moving mean, its window, its history of steps, and a picture drawn without a display. */
class LossPlotTest {
    @Test
    void theMovingMeanTrailsOverTheWindowAndSkipsNonFiniteLosses() {
        assertArrayEquals(new double[] {1, 1.5, 2, 3, 4}, MovingMean.trailing(new double[] {1, 2, 3, 4, 5}, 3), 1e-15);
        assertArrayEquals(new double[] {4, 3, 2}, MovingMean.trailing(new double[] {4, 3, 2}, 1), 0);
        double[] diverged = MovingMean.trailing(new double[] {2, 4, Double.NaN, Double.POSITIVE_INFINITY, 6}, 2);
        assertArrayEquals(new double[] {2, 3, 4, Double.NaN, 6}, diverged, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> MovingMean.trailing(new double[] {1}, 0));
    }

    @Test
    void theWindowIsATwentiethOfTheStepsAndAtMostAFifthOfAShortRun() {
        assertEquals(50, LossPlot.window(1000));
        assertEquals(2000, LossPlot.window(40_000));
        assertEquals(10, LossPlot.window(50));
        assertEquals(4, LossPlot.window(20));
        assertEquals(1, LossPlot.window(3));
        assertEquals(1, LossPlot.window(1));
    }

    @Test
    void aHistoryCountsStepsFromItsFirst() {
        LossHistory fresh = new LossHistory(1);
        assertTrue(fresh.isEmpty());
        assertEquals(0, fresh.lastStep());
        for (int i = 0; i < 100; i++) {
            fresh.add(i * 0.5);
        }
        assertEquals(100, fresh.lastStep());
        assertEquals(49.5, fresh.get(99));
        LossHistory resumed = LossHistory.upTo(30, new double[] {3, 2, 1});
        assertEquals(28, resumed.firstStep());
        resumed.add(0.5);
        assertEquals(31, resumed.lastStep());
        assertArrayEquals(new double[] {3, 2, 1, 0.5}, resumed.toArray());
        assertEquals(31, LossHistory.upTo(30, new double[0]).firstStep(), "nothing known: the next step comes first");
        assertThrows(IndexOutOfBoundsException.class, () -> resumed.get(4));
    }

    @Test
    void theCurveIsDrawnHeadlessWithTheStepsOfTheRun() {
        LossHistory losses = LossHistory.upTo(200, new double[0]);
        for (int i = 0; i < 300; i++) {
            losses.add(3.3 - i * 0.002 + (i % 7) * 0.05);
        }
        losses.add(Double.NaN);
        String title = LossPlot.title(new GptConfig(27, 16, 1, 4, 16), new TrainOptions(1000, 0.01, 4, 42, DType.F32, Numerics.FAST));
        assertEquals("microgpt: n_embd 16, n_layer 1, n_head 4, block_size 16, batch 4, f32 fast, lr 0.01, seed 42", title);
        JFreeChart chart = LossPlot.chart(losses, title, "names.txt; steps 201 to 501");
        XYPlot plot = chart.getXYPlot();
        assertEquals("step", plot.getDomainAxis().getLabel());
        assertEquals("loss", plot.getRangeAxis().getLabel());
        assertEquals("loss per step", plot.getDataset().getSeriesKey(0));
        assertEquals("mean of the last 15 steps", plot.getDataset().getSeriesKey(1));
        assertEquals(201.0, plot.getDataset().getXValue(0, 0), "the first step of the history");
        assertEquals(1, plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND).size(), "the non-finite step is marked");

        BufferedImage image = LossPlot.render(losses, title, "names.txt; steps 201 to 501");
        assertTrue(GraphicsEnvironment.isHeadless(), "drawn without a display");
        assertEquals(LossPlot.WIDTH, image.getWidth());
        assertEquals(LossPlot.HEIGHT, image.getHeight());
    }
}
