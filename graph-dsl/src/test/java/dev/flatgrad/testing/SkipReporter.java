package dev.flatgrad.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints why a test was skipped (an aborted assumption, a disabled test) on the console, where Surefire's
 * summary only counts skips. Registered for every test of the build through the JUnit service file and
 * {@code junit.jupiter.extensions.autodetection.enabled} (set in the parent pom).
 */
public final class SkipReporter implements TestWatcher {
    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        report(context, cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        report(context, reason.orElse("disabled"));
    }

    private static void report(ExtensionContext context, String reason) {
        System.out.println("SKIPPED " + context.getRequiredTestClass().getSimpleName() + " " + context.getDisplayName()
                + ": " + reason);
    }
}
