package dev.flatgrad.print;

import dev.flatgrad.dsl.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nodes grouped by scope: each scope holds the nodes built directly in it and its child scopes, in
 * the order they first appear, so drawings can nest (and fold) one box per scope.
 */
public final class ScopeTree {
    private final String path;
    private final String name;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, ScopeTree> children = new LinkedHashMap<>();

    private ScopeTree(String path, String name) {
        this.path = path;
        this.name = name;
    }

    /** The tree of the given nodes' scopes; the root is the top level (empty path). */
    public static ScopeTree of(List<Node> nodes) {
        ScopeTree root = new ScopeTree("", "");
        for (Node n : nodes) {
            ScopeTree at = root;
            if (!n.scope().isEmpty()) {
                String[] parts = n.scope().split("/");
                StringBuilder prefix = new StringBuilder();
                for (String part : parts) {
                    prefix.append(prefix.length() == 0 ? "" : "/").append(part);
                    String childPath = prefix.toString();
                    at = at.children.computeIfAbsent(part, k -> new ScopeTree(childPath, part));
                }
            }
            at.nodes.add(n);
        }
        return root;
    }

    /** The full path, e.g. {@code layer0/attn}; empty for the root. */
    public String path() {
        return path;
    }

    /** The last part of the path, e.g. {@code attn}. */
    public String name() {
        return name;
    }

    /** Nodes built directly in this scope, in graph order. */
    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public List<ScopeTree> children() {
        return List.copyOf(children.values());
    }

    /** Nodes in this scope and all scopes inside it. */
    public int size() {
        int n = nodes.size();
        for (ScopeTree c : children.values()) {
            n += c.size();
        }
        return n;
    }
}
