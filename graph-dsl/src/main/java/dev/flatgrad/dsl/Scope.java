package dev.flatgrad.dsl;

/**
 * An open name scope of a graph (see {@link Graph#scope}): nodes added while it is open carry its
 * path. Closing restores the enclosing scope; scopes close innermost first, which
 * try-with-resources guarantees.
 */
public final class Scope implements AutoCloseable {
    private final Graph graph;
    private final String path;
    private final String enclosingPath;
    private final CallSite enclosingSite;
    private boolean closed;

    Scope(Graph graph, String path, String enclosingPath, CallSite enclosingSite) {
        this.graph = graph;
        this.path = path;
        this.enclosingPath = enclosingPath;
        this.enclosingSite = enclosingSite;
    }

    /** The full path of this scope, e.g. {@code layer0/attn}. */
    public String path() {
        return path;
    }

    String enclosingPath() {
        return enclosingPath;
    }

    CallSite enclosingSite() {
        return enclosingSite;
    }

    @Override
    public void close() {
        if (!closed) {
            graph.exit(this);
            closed = true;
        }
    }

    @Override
    public String toString() {
        return path;
    }
}
