package dev.flatgrad.codegen.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.TestGraphs;
import dev.flatgrad.codegen.emission.EmittedKernel;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.nn.Nn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramPageTest {
    private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]+)\"");
    private static final Pattern HREF = Pattern.compile("\\shref=\"([^\"]*)\"");

    @TempDir
    Path tmp;

    private static Program classifier() {
        TestGraphs.Classifier c = new TestGraphs.Classifier();
        return Flatgrad.compile(c.spec(Optimizer.adam(0.85, 0.99, 1e-8), DType.F64));
    }

    static Set<String> ids(String html) {
        Set<String> ids = new HashSet<>();
        Matcher m = ID.matcher(html);
        while (m.find()) {
            assertTrue(ids.add(m.group(1)), "duplicate id " + m.group(1));
        }
        return ids;
    }

    @Test
    void everyLinkLeadsToAnAnchorOnThePageAndNothingLeavesIt() {
        Program program = classifier();
        String html = ProgramPage.builder(program).modelSource("TestGraphs.java", "line 1\nline 2").losses(new double[] {3, 2, 1})
                .html();
        Set<String> ids = ids(html);
        Matcher m = HREF.matcher(html);
        int links = 0;
        while (m.find()) {
            String href = m.group(1);
            assertTrue(href.startsWith("#"), "a link off the page: " + href);
            if (!href.startsWith("#src-")) { // call-site lines outside the sources given have no row
                assertTrue(ids.contains(href.substring(1)), "no anchor for " + href);
            }
            links++;
        }
        assertTrue(links > 100, "links: " + links);
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no remote resource");
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none';"));
    }

    @Test
    void everyKernelAndEveryNodeHasItsAnchorAndTheyLinkBothWays() {
        Program program = classifier();
        String html = ProgramPage.builder(program).html();
        Set<String> ids = ids(html);
        for (EmittedKernel k : program.kernels()) {
            assertTrue(ids.contains("kernel-" + k.method()), k.method());
            for (int id : k.nodeIds()) {
                assertTrue(ids.contains("node-" + id), "node %" + id);
                // the node's IR line links to this kernel
                Matcher line = Pattern.compile("<span class=\"irline\" id=\"node-" + id + "\">.*?</span></span>").matcher(html);
                assertTrue(line.find(), "IR line of %" + id);
                assertTrue(line.group().contains("href=\"#kernel-" + k.method() + "\""), line.group());
            }
        }
        // the generated Java's node references link to the IR
        assertTrue(html.contains("<a href=\"#node-8\">%8</a>"), "kernel javadoc links %8");
    }

    @Test
    void sourceLinesLinkTheKernelsTheyBecame() {
        Graph g = new Graph();
        Node x = g.input("x", DType.F64, Shape.of(3));
        Node w = g.param("w", 3);
        Node loss = g.scoped("block", () -> Nn.softmax(x.mul(w), 0).sum()).named("loss");
        Program program = Flatgrad.compile(ProgramSpec.builder(g).minimize(loss, List.of(w)).build());
        int line = loss.site().line();
        StringBuilder source = new StringBuilder();
        for (int i = 1; i <= line + 2; i++) {
            source.append("// line ").append(i).append('\n');
        }
        String html = ProgramPage.builder(program).modelSource("ProgramPageTest.java", source.toString()).html();
        Matcher row = Pattern.compile("<tr id=\"src-ProgramPageTest.java-" + line + "\" class=\"built\">.*?</tr>").matcher(html);
        assertTrue(row.find(), "the line that built the block is marked");
        for (EmittedKernel k : program.kernels()) {
            if (k.pass().equals("forward")) {
                assertTrue(row.group().contains("href=\"#kernel-" + k.method() + "\""), k.method() + " in " + row.group());
            }
        }
        // scopes are foldable sections, one per scope, each with its drawing
        assertTrue(html.contains("<details class=\"scope\" id=\"scope-forward-block/softmax\">"), "forward scope");
        assertTrue(html.contains("<details class=\"scope\" id=\"scope-backward-grad/block/softmax\">"), "backward scope");
        assertTrue(html.contains("<a href=\"#scope-forward-block/softmax\"><g class=\"box scope\">"), "a folded scope links its section");
    }

    @Test
    void userTextIsEscaped() {
        Graph g = new Graph();
        Node w = g.param("w<script>alert(1)</script>", 2);
        Node loss = g.scoped("a \"b\" <c>", () -> w.mul(w).sum()).named("l'oss</pre>");
        Program program = Flatgrad.compile(ProgramSpec.builder(g).minimize(loss, List.of(w)).build());
        String html = ProgramPage.builder(program).title("<b>title</b>").modelSource("X.java", "</table><script>x()</script>").html();
        assertFalse(html.contains("<script>alert"), "names are escaped");
        assertFalse(html.contains("<script>x()"), "sources are escaped");
        assertFalse(html.contains("<b>title"), "the title is escaped");
        assertEquals(2, html.split("<script>", -1).length, "only the page's own script");
        ids(html); // ids stay unique and quote-free
    }

    @Test
    void writesAtomicallyAndNeverOverAnotherPage() throws IOException {
        Program program = classifier();
        Path page = ProgramPage.builder(program).write(tmp.resolve("page"));
        assertEquals(tmp.resolve("page/index.html"), page);
        String first = Files.readString(page);
        ProgramPage.builder(program).write(tmp.resolve("page")); // its own page is replaced
        assertEquals(first, Files.readString(page), "the same program gives the same page");

        Path other = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(other.resolve("index.html"), "<html>my site</html>");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProgramPage.builder(program).write(other));
        assertTrue(e.getMessage().contains("that flatgrad did not write; it is left untouched"), e.getMessage());
        assertEquals("<html>my site</html>", Files.readString(other.resolve("index.html")));
    }
}
