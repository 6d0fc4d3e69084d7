package dev.flatgrad.codegen.inspect;

import dev.flatgrad.codegen.compilation.MethodSizes;
import dev.flatgrad.codegen.emission.EmittedKernel;
import dev.flatgrad.codegen.runtime.AtomicWrite;
import dev.flatgrad.codegen.runtime.IrStage;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One self-contained HTML page about a compiled program, for reading in a browser with no network: the model's
 * source, the forward and backward graphs as foldable drawings per scope and as text IR, the kernels, the
 * generated Java, the compile report and, when given, the loss curve. Everything links: a source line to its
 * nodes and kernels, a node to its inputs, source line and kernels, a kernel to the nodes it computes.
 *
 * <pre>{@code
 * ProgramPage.builder(program).title("my model").modelSource("Model.java", text).losses(curve).write(dir);
 * }</pre>
 */
public final class ProgramPage {
    /** The page's file name inside the folder it is written to. */
    public static final String FILE_NAME = "index.html";
    /** Marks pages this class wrote, the only existing {@value #FILE_NAME} it replaces. */
    static final String GENERATOR = "<meta name=\"generator\" content=\"flatgrad\">";

    private ProgramPage() {
    }

    public static Builder builder(Program program) {
        return new Builder(program);
    }

    /** What goes on the page besides the program. */
    public static final class Builder {
        private final Program program;
        private String title;
        private final Map<String, String> sources = new LinkedHashMap<>();
        private double[] losses;
        private int firstStep = 1;

        private Builder(Program program) {
            this.program = Objects.requireNonNull(program, "program");
            this.title = program.className().substring(program.className().lastIndexOf('.') + 1);
        }

        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /**
         * A source file of the model, by the file name its nodes' call sites give (e.g. {@code Gpt.java}), so the
         * page can show the lines that built each node.
         */
        public Builder modelSource(String fileName, String text) {
            sources.put(Objects.requireNonNull(fileName, "fileName"), Objects.requireNonNull(text, "text"));
            return this;
        }

        /** The loss of each training step from step 1, drawn with its moving mean. */
        public Builder losses(double[] losses) {
            return losses(losses, 1);
        }

        /** The losses of consecutive steps from {@code firstStep} on (a resumed run may know only its later steps). */
        public Builder losses(double[] losses, int firstStep) {
            if (losses.length == 0 || firstStep < 1) {
                throw new IllegalArgumentException("a loss curve needs at least one loss and steps counted from 1, got "
                        + losses.length + " losses from step " + firstStep);
            }
            this.losses = losses.clone();
            this.firstStep = firstStep;
            return this;
        }

        public String html() {
            return new Page(program, title, sources, losses, firstStep).render();
        }

        /**
         * Writes {@value #FILE_NAME} into {@code dir} (created if missing), atomically; refuses to replace an
         * {@value #FILE_NAME} that this class did not write.
         *
         * @return the page's path
         * @throws IllegalArgumentException if {@code dir} is a file or holds another {@value #FILE_NAME}
         */
        public Path write(Path dir) {
            Path page = requireWritable(dir);
            try {
                String text = html();
                AtomicWrite.replace(page, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
                return page;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + page, e);
            }
        }

    }

    /**
     * Checks that a page can be written into {@code dir} (creating the folder): it is not a file, takes new files,
     * and holds no {@value #FILE_NAME} other than one written by this class.
     *
     * @return the page's path
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Path requireWritable(Path dir) {
        IrDump.prepare(dir);
        Path page = dir.resolve(FILE_NAME);
        if (Files.exists(page) && !isOurs(page)) {
            throw new IllegalArgumentException(dir + " holds an " + FILE_NAME + " that flatgrad did not write; it is left"
                    + " untouched. Choose another folder");
        }
        return page;
    }

    private static boolean isOurs(Path page) {
        if (Files.isDirectory(page)) {
            return false;
        }
        byte[] head = new byte[1024];
        int read;
        try (var in = Files.newInputStream(page)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new IllegalArgumentException(page + " cannot be read (" + e + ")", e);
        }
        return new String(head, 0, read, StandardCharsets.UTF_8).contains(GENERATOR);
    }

    /** The rendering of one page. */
    private static final class Page {
        private final Program program;
        private final String title;
        private final Map<String, String> sources;
        private final double[] losses;
        private final int firstStep;
        private final NodeIndex index;
        private final CompileReport report;

        Page(Program program, String title, Map<String, String> sources, double[] losses, int firstStep) {
            this.program = program;
            this.title = title;
            this.sources = sources;
            this.losses = losses;
            this.firstStep = firstStep;
            this.index = new NodeIndex(program);
            this.report = CompileReport.of(program);
        }

        String render() {
            StringBuilder sb = new StringBuilder(1 << 20);
            sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n").append(GENERATOR).append('\n')
                    .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                            + " script-src 'unsafe-inline'; img-src data:\">\n")
                    .append("<title>").append(Html.escape(title)).append(" - flatgrad</title>\n<style>\n")
                    .append(PageAssets.CSS).append("</style>\n</head>\n<body>\n");
            header(sb);
            sb.append("<section id=\"model\"><h2>Model source</h2>\n");
            if (sources.isEmpty()) {
                sb.append("<p>No source file was given (see <code>ProgramPage.Builder.modelSource</code>); each node still"
                        + " names its call site.</p>\n");
            }
            sources.forEach((file, text) -> sb.append(SourceListing.html(file, text, index)));
            sb.append("</section>\n");
            GraphSection forward = new GraphSection("forward", index.forward(), index);
            sb.append("<section id=\"forward\"><h2>Forward graph <span class=\"count\">").append(index.forward().size())
                    .append(" nodes</span></h2>\n").append(forward.html()).append("</section>\n");
            if (!index.backward().isEmpty()) {
                GraphSection backward = new GraphSection("backward", index.backward(), index);
                sb.append("<section id=\"backward\"><h2>Backward graph <span class=\"count\">").append(index.backward().size())
                        .append(" nodes</span></h2>\n<p>Derived by autodiff; each node carries the source line and, under")
                        .append(" <code>grad/</code>, the scope of the forward node whose gradient it computes.</p>\n")
                        .append(backward.html()).append("</section>\n");
            }
            kernels(sb);
            Set<String> methods = program.kernels().stream().map(EmittedKernel::method).collect(Collectors.toSet());
            sb.append("<section id=\"java\"><h2>Generated Java <span class=\"count\">").append(program.className())
                    .append("</span></h2>\n").append(JavaListing.html(program.source(), methods, index)).append("</section>\n");
            compileReport(sb);
            if (losses != null) {
                sb.append("<section id=\"loss\"><h2>Training loss</h2>\n").append(LossChart.svg(losses, firstStep)).append("</section>\n");
            }
            sb.append("<script>\n").append(PageAssets.SCRIPT).append("</script>\n</body>\n</html>\n");
            return sb.toString();
        }

        private void header(StringBuilder sb) {
            Map<String, Long> perPass = program.kernels().stream()
                    .collect(Collectors.groupingBy(EmittedKernel::pass, LinkedHashMap::new, Collectors.counting()));
            sb.append("<header><h1>").append(Html.escape(title)).append("</h1>\n<p class=\"summary\">")
                    .append(index.forward().size()).append(" forward nodes, ").append(index.backward().size())
                    .append(" backward nodes; ")
                    .append(perPass.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")))
                    .append(" methods; ").append(String.format(Locale.ROOT, "%,d", report.totalBytes()))
                    .append(" bytes of bytecode (").append(Html.escape(report.compiledHow())).append("); ")
                    .append(Html.escape(program.spec().precision().toString())).append(", ")
                    .append(Html.escape(program.spec().numerics().toString().toLowerCase(Locale.ROOT))).append(" numerics</p>\n");
            sb.append("<nav><a href=\"#model\">model source</a> <a href=\"#forward\">forward graph</a>")
                    .append(index.backward().isEmpty() ? "" : " <a href=\"#backward\">backward graph</a>")
                    .append(" <a href=\"#kernels\">kernels</a> <a href=\"#java\">generated Java</a>")
                    .append(" <a href=\"#compile\">compile report</a>")
                    .append(losses == null ? "" : " <a href=\"#loss\">loss curve</a>").append("</nav>\n");
            sb.append("<table class=\"stages\"><tr><th>stage</th><th>nodes in the graph</th><th>what it did</th></tr>\n");
            for (IrStage stage : program.spec().stages()) {
                sb.append("<tr><td>").append(Html.escape(stage.name())).append("</td><td>").append(stage.nodes().size())
                        .append("</td><td>").append(Html.escape(stage.description())).append("</td></tr>\n");
            }
            sb.append("</table>\n</header>\n");
        }

        private void kernels(StringBuilder sb) {
            Graph graph = program.spec().compiledGraph().graph();
            Map<String, Integer> bytes = new LinkedHashMap<>();
            report.methods().forEach(r -> bytes.put(r.method(), r.bytes()));
            sb.append("<section id=\"kernels\"><h2>Kernels <span class=\"count\">").append(program.kernels().size())
                    .append(" methods</span></h2>\n<p>Each method is one loop nest writing one buffer; the nodes before")
                    .append(" its last are fused into the loop.</p>\n<table class=\"kernels\"><tr><th>method</th><th>pass</th>")
                    .append("<th>computes</th><th>writes</th><th>bytecode</th></tr>\n");
            for (EmittedKernel k : program.kernels()) {
                List<Integer> ids = k.nodeIds();
                sb.append("<tr><td>").append(Html.link(Html.kernelId(k.method()), k.method())).append("</td><td>")
                        .append(Html.escape(k.pass())).append("</td><td>");
                for (int i = ids.size() - 1; i >= 0; i--) {
                    Node n = graph.node(ids.get(i));
                    sb.append(i == ids.size() - 1 ? "" : " ").append(Html.link(Html.nodeId(n.id()),
                            i == ids.size() - 1 ? "%" + n.id() + " " + n.path() : "%" + n.id()));
                }
                sb.append("</td><td>").append(Html.escape(k.writes())).append("</td><td class=\"num\">")
                        .append(bytes.getOrDefault(k.method(), 0)).append("</td></tr>\n");
            }
            sb.append("</table>\n</section>\n");
        }

        private void compileReport(StringBuilder sb) {
            sb.append("<section id=\"compile\"><h2>Compile report</h2>\n<p>")
                    .append(Html.escape(program.className())).append(" (").append(Html.escape(report.compiledHow())).append("): ")
                    .append(report.methods().size()).append(" methods, largest ").append(report.largestBytes())
                    .append(" bytes of bytecode (HotSpot JIT-compiles methods up to ").append(MethodSizes.HUGE_METHOD_LIMIT)
                    .append(").</p>\n<table class=\"compile\"><tr><th>class</th><th>method</th><th>bytes</th></tr>\n");
            for (CompileReport.Row r : report.methods()) {
                sb.append("<tr").append(r.tooLargeToJit() ? " class=\"huge\"" : "").append("><td>").append(Html.escape(r.owner()))
                        .append("</td><td>").append(r.kernel() != null ? Html.link(Html.kernelId(r.method()), r.method())
                                : Html.escape(r.method()))
                        .append("</td><td class=\"num\">").append(r.bytes()).append("</td></tr>\n");
            }
            sb.append("</table>\n</section>\n");
        }
    }
}
