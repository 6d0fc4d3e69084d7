package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.emission.EmittedKernel;
import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The inspection page of microgpt in a real browser (headless Chromium): links from the model's source to the
 * kernels and back, from a node to its kernel and back, folded scopes opening, an anchor for every kernel, and no
 * request leaving the page. Saves screenshots into {@code target/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InspectPageBrowserTest {
    private static final int STEPS = 40;

    private Path tmp;
    private ChromeDriver browser;
    private String skipReason;
    private Trainer trainer;
    private Path page;

    @BeforeAll
    void writePageAndStartBrowser(@TempDir Path dir) {
        tmp = dir;
        // an abort here would skip the class without a word on the console: each test aborts with the reason instead
        skipReason = HeadlessChromium.missing().orElse(null);
        if (skipReason != null) {
            return;
        }
        browser = HeadlessChromium.start(tmp.resolve("profile"));
        trainer = Trainer.start(new GptConfig(2, 16, 1, 4, 16), new TrainOptions(STEPS, 0.01, 1, 42, DType.F64,
                Numerics.EXACT), EmbeddedNames.documents().documents(), ProgramOptions.DEFAULT);
        for (int i = 0; i < STEPS; i++) {
            trainer.trainStep();
        }
        page = ModelPage.write(trainer.program(), trainer.config(), trainer.losses(), tmp.resolve("page"));
    }

    /** Each test starts from the page as loaded: every scope but the top folded, nothing marked. */
    @BeforeEach
    void load() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
        browser.get(page.toUri().toString());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (trainer != null) {
            trainer.close();
        }
    }

    @Test
    void everyKernelHasItsAnchor() {
        for (EmittedKernel k : trainer.program().kernels()) {
            List<WebElement> anchors = browser.findElements(By.id("kernel-" + k.method()));
            assertEquals(1, anchors.size(), k.method());
        }
        assertTrue(browser.getTitle().startsWith("microgpt: n_embd 16"), browser.getTitle());
    }

    @Test
    void fromANodeToItsKernelAndBack() {
        Node exp = trainer.program().spec().graph().nodes().stream()
                .filter(n -> n.path().equals("layer0/attn/softmax/exp")).findFirst().orElseThrow();
        WebElement line = browser.findElement(By.id("node-" + exp.id()));
        WebElement toKernel = line.findElement(By.cssSelector("a[href^='#kernel-']"));
        String kernel = toKernel.getAttribute("href").replaceAll(".*#", "");
        click(toKernel);
        assertTrue(browser.getCurrentUrl().endsWith("#" + kernel), browser.getCurrentUrl());
        WebElement javaLine = (WebElement) browser.executeScript(
                "return document.getElementById(arguments[0]).nextElementSibling", kernel);
        assertTrue(inView(javaLine), "the kernel's first line is scrolled into view");
        // the kernel's javadoc lists the node: follow it back
        WebElement back = (WebElement) browser.executeScript("var el = document.getElementById(arguments[0]);"
                + " for (var n = el; n; n = n.nextElementSibling) { var a = n.tagName === 'A' && n.getAttribute('href') === arguments[1]"
                + " ? n : null; if (a) return a; } return null;", kernel, "#node-" + exp.id());
        assertTrue(back != null, "kernel " + kernel + " links back to %" + exp.id());
        click(back);
        assertTrue(browser.getCurrentUrl().endsWith("#node-" + exp.id()), browser.getCurrentUrl());
        assertTrue(inView(line) && line.getAttribute("class").contains("flash"), "the node's line is shown and marked");
        screenshot("inspect-node.png");
    }

    @Test
    void fromALineOfGptJavaToItsKernelsAndBack() throws IOException {
        int attentionLine = lineOf("causalSelfAttentionWithWeights(x,");
        WebElement row = browser.findElement(By.id("src-Gpt.java-" + attentionLine));
        assertTrue(row.getAttribute("class").contains("built"), "the attention line built nodes");
        click(row.findElement(By.tagName("summary")));
        screenshot("inspect-source.png");
        WebElement kernelLink = row.findElement(By.cssSelector(".reflist a[href^='#kernel-k']"));
        String kernel = kernelLink.getAttribute("href").replaceAll(".*#", "");
        click(kernelLink);
        assertTrue(browser.getCurrentUrl().endsWith("#" + kernel));
        // from the kernel to a node it computes, and from that node to its line of Gpt.java
        WebElement node = (WebElement) browser.executeScript("var el = document.getElementById(arguments[0]);"
                + " for (var n = el; n; n = n.nextElementSibling) { if (n.tagName === 'A' && n.getAttribute('href').indexOf('#node-') === 0)"
                + " return n; } return null;", kernel);
        click(node);
        WebElement irLine = browser.findElement(By.id(node.getAttribute("href").replaceAll(".*#", "")));
        click(irLine.findElement(By.cssSelector("a[href^='#src-Gpt.java-']")));
        assertTrue(browser.getCurrentUrl().endsWith("#src-Gpt.java-" + attentionLine), browser.getCurrentUrl());
        assertTrue(inView(row));
    }

    @Test
    void aFoldedScopeOpensFromItsBoxInTheDrawing() {
        WebElement layer = browser.findElement(By.id("scope-forward-layer0"));
        assertFalse(layer.getAttribute("open") != null, "folded at first");
        click(browser.findElement(By.cssSelector("#scope-forward > .diagram a[href='#scope-forward-layer0']")));
        assertTrue(layer.getAttribute("open") != null, "opened by its box");
        WebElement attn = browser.findElement(By.id("scope-forward-layer0/attn"));
        click(layer.findElement(By.cssSelector(".diagram a[href='#scope-forward-layer0/attn']")));
        assertTrue(attn.getAttribute("open") != null);
        screenshot("inspect-graph.png");
    }

    @Test
    void noRequestLeavesThePage() {
        HeadlessChromium.requestedUrls(browser); // clears the log
        browser.navigate().refresh();
        browser.findElements(By.cssSelector("details")).forEach(d -> browser.executeScript("arguments[0].open = true", d));
        List<String> urls = HeadlessChromium.requestedUrls(browser);
        assertFalse(urls.isEmpty(), "the log records the page's own load");
        for (String url : urls) {
            assertTrue(url.startsWith("file:") || url.startsWith("data:") || url.startsWith("about:"), "request to " + url);
        }
    }

    @Test
    void theRequestLogSeesARequestThatLeaves() throws IOException {
        // the check above could not fail if the log missed requests: a page that does fetch must show up in it
        Path leaky = Files.writeString(tmp.resolve("leaky.html"), "<img src=\"http://127.0.0.1:9/x.png\">");
        HeadlessChromium.requestedUrls(browser);
        browser.get(leaky.toUri().toString());
        assertTrue(HeadlessChromium.requestedUrls(browser).contains("http://127.0.0.1:9/x.png"));
    }

    private void click(WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    private boolean inView(WebElement element) {
        return (Boolean) browser.executeScript("var r = arguments[0].getBoundingClientRect();"
                + " return r.bottom > 0 && r.top < window.innerHeight;", element);
    }

    private static int lineOf(String text) {
        String[] lines = ModelPage.gptSource().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in Gpt.java");
    }

    private void screenshot(String name) {
        try {
            Path target = Files.createDirectories(Path.of("target"));
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target.resolve(name),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
