package dev.flatgrad.passes;

import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of a pass: the new graph and, for each node of the source graph, the node of the new graph with
 * its value (none for a node the pass removed), so callers find their outputs, loss, gradients and leaves again.
 */
public final class Rewritten {
    private final Graph source;
    private final Graph graph;
    private final Node[] images;
    private final boolean changed;

    Rewritten(Graph source, Graph graph, Node[] images, boolean changed) {
        this.source = source;
        this.graph = graph;
        this.images = images;
        this.changed = changed;
    }

    /** The graph the pass read. */
    public Graph source() {
        return source;
    }

    /** The graph the pass built. */
    public Graph graph() {
        return graph;
    }

    /** False when the new graph is a plain copy of the source: same nodes, in the same order. */
    public boolean changed() {
        return changed;
    }

    /** Whether the pass kept a node of the source graph (under its own id or as another node). */
    public boolean keeps(Node old) {
        return imageOrNull(old) != null;
    }

    /** The node of the new graph holding {@code old}'s value. */
    public Node get(Node old) {
        Node image = imageOrNull(old);
        if (image == null) {
            throw new IllegalArgumentException(old + " was removed: no root depends on it");
        }
        return image;
    }

    public List<Node> get(List<Node> old) {
        List<Node> out = new ArrayList<>(old.size());
        for (Node n : old) {
            out.add(get(n));
        }
        return out;
    }

    /** This rewrite followed by {@code next}, a rewrite of this one's graph: from this source to next's graph. */
    public Rewritten then(Rewritten next) {
        if (next.source != graph) {
            throw new IllegalArgumentException("the next rewrite does not start from this one's graph");
        }
        Node[] composed = new Node[images.length];
        for (int id = 0; id < images.length; id++) {
            composed[id] = images[id] == null ? null : next.images[images[id].id()];
        }
        return new Rewritten(source, next.graph, composed, changed || next.changed);
    }

    private Node imageOrNull(Node old) {
        if (old.graph() != source) {
            throw new IllegalArgumentException(old + " is not a node of the rewritten graph");
        }
        return images[old.id()];
    }
}
