package dev.flatgrad.passes;

import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a new graph from a source graph node by node in id order (a topological order, so every node's
 * inputs have their images by the time it is visited), recording each node's image: a copy, another node
 * holding the same value, or nothing.
 */
final class Rebuild {
    private final Graph source;
    private final Graph target = new Graph();
    private final Node[] images;
    private boolean changed;

    Rebuild(Graph source) {
        this.source = source;
        this.images = new Node[source.size()];
    }

    Graph target() {
        return target;
    }

    /** The images of {@code old}'s inputs. */
    List<Node> inputs(Node old) {
        List<Node> out = new ArrayList<>(old.inputs().size());
        for (Node in : old.inputs()) {
            Node image = images[in.id()];
            if (image == null) {
                throw new IllegalStateException(old + " reads " + in + ", which the pass removed");
            }
            out.add(image);
        }
        return out;
    }

    /** Keeps {@code old} as it is, over the images of its inputs. */
    Node copy(Node old) {
        Node copy = target.copy(old, inputs(old));
        images[old.id()] = copy;
        return copy;
    }

    /**
     * {@code old}'s value is {@code image}'s, a node of the new graph of the same shape and dtype. A name of
     * {@code old}'s passes to an image that has none.
     */
    void replace(Node old, Node image) {
        if (image.graph() != target || !image.shape().equals(old.shape()) || image.dtype() != old.dtype()) {
            throw new IllegalStateException("a pass replaced " + old + " by " + image + ", not a value of its type");
        }
        images[old.id()] = image;
        changed = true;
        if (old.name() != null && image.name() == null) {
            image.named(old.name());
        }
    }

    /** Leaves {@code old} out of the new graph. */
    void remove(Node old) {
        images[old.id()] = null;
        changed = true;
    }

    Rewritten finish() {
        return new Rewritten(source, target, images, changed);
    }
}
