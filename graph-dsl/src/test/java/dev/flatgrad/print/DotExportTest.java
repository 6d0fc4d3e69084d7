package dev.flatgrad.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.nn.Nn;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DotExportTest {
    private static final Pattern DECLARED = Pattern.compile("^\\s*n(\\d+) \\[", Pattern.MULTILINE);
    private static final Pattern EDGE = Pattern.compile("^\\s*n(\\d+) -> n(\\d+);$", Pattern.MULTILINE);

    private static Graph graph() {
        Graph g = new Graph();
        Node w = g.param("w \"quoted\" \\ name", 4);
        Node y = g.scoped("layer0", () -> Nn.softmax(w.mul(w), 0)).named("probs\nline");
        Node loss = y.sum();
        Autodiff.grad(loss, w);
        return g;
    }

    @Test
    void everyNodeIsDeclaredOnceAndEveryEdgeJoinsDeclaredNodes() {
        Graph g = graph();
        String dot = GraphPrinter.dot(g);
        Set<String> declared = new HashSet<>();
        Matcher m = DECLARED.matcher(dot);
        while (m.find()) {
            assertTrue(declared.add(m.group(1)), "n" + m.group(1) + " declared twice");
        }
        assertEquals(g.size(), declared.size());
        Matcher e = EDGE.matcher(dot);
        int edges = 0;
        while (e.find()) {
            assertTrue(declared.contains(e.group(1)) && declared.contains(e.group(2)), e.group());
            edges++;
        }
        assertEquals(g.nodes().stream().mapToInt(n -> n.inputs().size()).sum(), edges);
        assertEquals(count(dot, '{'), count(dot, '}'));
    }

    @Test
    void scopesBecomeNestedClustersAndUserTextIsEscaped() {
        String dot = GraphPrinter.dot(graph());
        assertTrue(dot.contains("subgraph \"cluster_layer0\" {\n    label=\"layer0\";"), dot);
        assertTrue(dot.contains("subgraph \"cluster_layer0/softmax\" {\n      label=\"softmax\";"), dot);
        assertTrue(dot.contains("subgraph \"cluster_grad/layer0/softmax\""), dot);
        assertTrue(dot.contains("w \\\"quoted\\\" \\\\ name"), "quotes and backslashes escaped");
        assertTrue(dot.contains("probs\\nline"), "a line break in a name stays inside its string");
        assertEquals(dot, GraphPrinter.dot(graph()), "deterministic");
    }

    @Test
    void operandsFromOutsideTheListAreDashed() {
        Graph g = graph();
        int forward = g.nodes().indexOf(g.nodes().stream().filter(n -> n.scope().startsWith("grad")).findFirst().get());
        String dot = GraphPrinter.dot(g.nodes().subList(forward, g.size()));
        assertTrue(dot.contains("style=dashed"), dot);
        assertTrue(!dot.contains("n0 [label"), "the param is outside the backward nodes");
    }

    private static long count(String s, char c) {
        return s.chars().filter(ch -> ch == c).count();
    }

    @Test
    void graphvizReadsIt() throws Exception {
        java.util.Optional<java.nio.file.Path> dot = java.util.stream.Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(dir -> java.nio.file.Path.of(dir.isEmpty() ? "." : dir, "dot"))
                .filter(java.nio.file.Files::isExecutable).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(dot.isPresent(),
                "Graphviz's dot is not on the PATH; install graphviz to check that it reads the DOT export");
        Process p = new ProcessBuilder(dot.get().toString(), "-Tsvg").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(GraphPrinter.dot(graph()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String svg = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), svg);
        assertTrue(svg.contains("<svg") && svg.contains("cluster_layer0/softmax") && svg.contains("probs"), svg);
    }
}
