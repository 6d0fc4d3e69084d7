package dev.flatgrad.examples.microgpt;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns a request to shut the JVM down (Ctrl-C, SIGTERM) into a flag the training loop checks between
 * steps: the JVM's shutdown waits, up to {@value #GRACE_SECONDS} seconds, until the run has saved its
 * checkpoint and printed its last lines, which it signals by closing this.
 */
final class GracefulStop implements AutoCloseable {
    private static final long GRACE_SECONDS = 30;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    private GracefulStop() {
        hook = new Thread(() -> {
            requested = true;
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "microgpt-graceful-stop");
    }

    static GracefulStop install() {
        GracefulStop stop = new GracefulStop();
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Whether the JVM has been asked to shut down. */
    boolean requested() {
        return requested;
    }

    /** The run has finished its work: a waiting shutdown may proceed. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and returns now that the latch is open
        }
    }
}
