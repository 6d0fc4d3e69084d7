package dev.flatgrad.dsl;

/**
 * A graph could not be built as asked: shapes, ranks, axes or dtypes do not fit the op. The message
 * names the op, the operands' types and the user's source line.
 */
public class GraphBuildException extends IllegalArgumentException {
    private final CallSite site;

    public GraphBuildException(String op, String problem, CallSite site) {
        super(op + ": " + problem + " (at " + site + ")");
        this.site = site;
    }

    public CallSite site() {
        return site;
    }
}
