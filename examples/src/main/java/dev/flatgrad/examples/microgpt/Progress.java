package dev.flatgrad.examples.microgpt;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Reports training progress: on a terminal a progress bar with steps/s and the loss; otherwise one
 * line per step in microgpt.py's format, {@code step    1 / 1000 | loss 3.3660}.
 */
interface Progress extends AutoCloseable {
    void step(int step, int steps, double loss);

    @Override
    void close();

    /** Lines on {@code out}, or on a terminal a bar drawn on {@code err} (so stdout stays what microgpt.py prints). */
    static Progress forOutput(PrintStream out, PrintStream err, boolean terminal, int firstStep, int steps) {
        return terminal ? new Bar(err, firstStep, steps) : new Lines(out);
    }

    /** microgpt.py's line, e.g. {@code step   12 / 1000 | loss 2.6610}, with Python's float formatting. */
    static String line(int step, int steps, double loss) {
        return String.format(Locale.ROOT, "step %4d / %4d | loss %s", step, steps, PythonFormat.fixed(loss, 4));
    }

    /** Plain lines, for logs and pipes; flushed at least every 200 ms so a follower sees progress. */
    final class Lines implements Progress {
        private static final long FLUSH_NANOS = 200_000_000L;
        private final PrintStream out;
        private long lastFlush = System.nanoTime();

        Lines(PrintStream out) {
            this.out = out;
        }

        @Override
        public void step(int step, int steps, double loss) {
            out.println(line(step, steps, loss));
            long now = System.nanoTime();
            if (now - lastFlush > FLUSH_NANOS) {
                out.flush();
                lastFlush = now;
            }
        }

        @Override
        public void close() {
            out.flush();
        }
    }

    /** A progress bar on the terminal. */
    final class Bar implements Progress {
        private final ProgressBar bar;

        Bar(PrintStream err, int firstStep, int steps) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(steps).showSpeed()
                    .setSpeedUnit(ChronoUnit.SECONDS).setUnit(" steps", 1).setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(err)).build();
            bar.stepTo(firstStep);
        }

        @Override
        public void step(int step, int steps, double loss) {
            bar.stepTo(step);
            bar.setExtraMessage(" loss " + PythonFormat.fixed(loss, 4));
        }

        @Override
        public void close() {
            bar.close();
        }
    }
}
