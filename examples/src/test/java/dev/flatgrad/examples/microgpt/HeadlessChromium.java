package dev.flatgrad.examples.microgpt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Chromium driven through chromedriver, both as Debian installs them ({@code chromium},
 * {@code chromium-driver}). Without them a test using this should skip with {@link #missing()}'s reason, unless
 * the environment variable {@value #REQUIRE} is {@code 1} (as {@code .ci/run} sets it where it could install
 * them): then it fails. The browser starts with a fresh profile and without any background networking, so the
 * only requests it makes are the page's own; its performance log records them.
 */
final class HeadlessChromium {
    static final String REQUIRE = "FLATGRAD_REQUIRE_BROWSER";

    private HeadlessChromium() {
    }

    /**
     * Why no browser can be started here, or empty when one can.
     *
     * @throws AssertionError when none can and {@value #REQUIRE} is 1
     */
    static Optional<String> missing() {
        Optional<Path> browser = browser();
        if (browser.isPresent() && find("chromedriver").isPresent()) {
            return Optional.empty();
        }
        String message = "no " + (browser.isEmpty() ? "Chromium" : "chromedriver") + " on the PATH or in /usr/bin;"
                + " install Debian's chromium and chromium-driver to run the browser test of the inspection page";
        if ("1".equals(System.getenv(REQUIRE))) {
            throw new AssertionError(message + " (required: " + REQUIRE + "=1)");
        }
        return Optional.of(message);
    }

    /** Starts the browser; call only when {@link #missing()} is empty. */
    static ChromeDriver start(Path profile) {
        Path browser = browser().orElseThrow();
        Path driver = find("chromedriver").orElseThrow();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build();
        return new ChromeDriver(service, options);
    }

    /** The URLs of every request the browser sent since the last call, from its performance log. */
    static List<String> requestedUrls(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.PERFORMANCE).getAll().stream()
                .map(entry -> (Map<?, ?>) new Json().toType(entry.getMessage(), Map.class))
                .map(json -> (Map<?, ?>) json.get("message"))
                .filter(message -> "Network.requestWillBeSent".equals(message.get("method")))
                .map(message -> (String) ((Map<?, ?>) ((Map<?, ?>) message.get("params")).get("request")).get("url"))
                .toList();
    }

    private static Optional<Path> browser() {
        return find("chromium", "chromium-browser", "google-chrome");
    }

    private static Optional<Path> find(String... names) {
        String path = System.getenv().getOrDefault("PATH", "") + java.io.File.pathSeparator + "/usr/bin";
        for (String name : names) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
