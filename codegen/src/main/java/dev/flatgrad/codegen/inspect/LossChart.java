package dev.flatgrad.codegen.inspect;

import java.util.Locale;

/** The loss per step and its moving mean as an SVG line chart, drawn by hand so the page needs nothing else. */
final class LossChart {
    private static final double WIDTH = 720;
    private static final double HEIGHT = 280;
    private static final double LEFT = 56;
    private static final double RIGHT = 16;
    private static final double TOP = 16;
    private static final double BOTTOM = 40;
    private static final int TICKS = 5;

    private LossChart() {
    }

    /** The window of the moving mean: a twentieth of the run, at least 1 step. */
    static int window(int steps) {
        return Math.max(1, steps / 20);
    }

    /** The chart of {@code losses}, the first being that of step {@code firstStep}. */
    static String svg(double[] losses, int firstStep) {
        int n = losses.length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : losses) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return "<p>No finite loss to draw.</p>\n";
        }
        if (hi - lo < 1e-12) {
            hi = lo + 1;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\""
                + " width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"loss per step\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        sb.append(String.format(Locale.ROOT, "<rect class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>%n",
                LEFT, TOP, plotW, plotH));
        for (int t = 0; t <= TICKS; t++) {
            double v = lo + (hi - lo) * t / TICKS;
            double y = TOP + plotH * (1 - (double) t / TICKS);
            sb.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                    + "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n",
                    LEFT, y, LEFT + plotW, y, LEFT - 6, y + 4, v));
            int step = firstStep - 1 + (int) Math.round((double) n * t / TICKS);
            double x = LEFT + plotW * t / TICKS;
            sb.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>%n",
                    x, TOP + plotH + 16, step));
        }
        sb.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">step</text>%n",
                LEFT + plotW / 2, HEIGHT - 6));
        int window = window(n);
        double[] mean = new double[n];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(losses[i])) {
                sum += losses[i];
                count++;
            }
            if (i >= window && Double.isFinite(losses[i - window])) {
                sum -= losses[i - window];
                count--;
            }
            mean[i] = count == 0 ? Double.NaN : sum / count;
        }
        sb.append(polyline(losses, lo, hi, plotW, plotH, "steps"));
        sb.append(polyline(mean, lo, hi, plotW, plotH, "mean"));
        sb.append(String.format(Locale.ROOT, "<text class=\"legend steps\" x=\"%.1f\" y=\"%.1f\">loss per step</text>"
                + "<text class=\"legend mean\" x=\"%.1f\" y=\"%.1f\">mean of the last %d steps</text>%n",
                LEFT + plotW - 330, TOP + 16, LEFT + plotW - 200, TOP + 16, window));
        return sb.append("</svg>\n").toString();
    }

    private static String polyline(double[] values, double lo, double hi, double plotW, double plotH, String css) {
        StringBuilder points = new StringBuilder();
        int n = values.length;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) {
                continue;
            }
            double x = LEFT + plotW * (n == 1 ? 0.5 : (double) i / (n - 1));
            double y = TOP + plotH * (1 - (values[i] - lo) / (hi - lo));
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return "<polyline class=\"" + css + "\" points=\"" + points.toString().strip() + "\"/>\n";
    }
}
