package dev.flatgrad.codegen.emission;

import dev.flatgrad.codegen.lowering.NodeKind;
import dev.flatgrad.codegen.lowering.Plan;
import dev.flatgrad.codegen.runtime.CompiledGraph;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Leaf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field names for every buffer of a program, derived from user names: params and inputs by their
 * name ({@code layer0_attn_wq}), gradients {@code d_<param>}, Adam moments {@code m_<param>} and
 * {@code v_<param>}, other kernels' results {@code t<id>[_<name>]}; and the slots of the buffers the
 * runtime exposes by name.
 */
public final class BufferTable {
    /** Locals the emitter declares in kernel bodies; no field may shadow them. */
    static final String[] RESERVED = {"acc", "a0", "a1", "b0", "i", "id", "j", "jb", "k", "r", "g", "m", "v", "lr", "bc1", "bc2", "slot", "length", "SPECIES"};

    private final Map<Integer, String> fields = new HashMap<>();
    private final Map<Integer, String> adamM = new HashMap<>();
    private final Map<Integer, String> adamV = new HashMap<>();
    private final Map<Integer, String> gradientFields = new HashMap<>();
    private final List<ExposedBuffer> exposed = new ArrayList<>();
    private final String segStart;
    private final String segEnd;

    BufferTable(Plan plan, ProgramSpec spec) {
        CompiledGraph compiled = spec.compiledGraph();
        Names names = new Names().reserve(RESERVED);
        for (int i = 0; i < 10; i++) {
            names.reserve("i" + i);
        }
        if (plan.symbol() != null) {
            names.reserve(plan.symbol().symbol());
        }
        List<Node> needed = plan.neededNodes();
        for (Node n : needed) {
            if (plan.kind(n) == NodeKind.LEAF) {
                fields.put(n.id(), names.unique("", n.name(), "leaf" + n.id()));
            }
        }
        for (Node p : compiled.trained()) {
            fields.computeIfAbsent(p.id(), id -> names.unique("", p.name(), "leaf" + id));
        }
        for (int i = 0; i < compiled.trained().size(); i++) {
            Node p = compiled.trained().get(i);
            Node g = compiled.gradients().get(i);
            if (!fields.containsKey(g.id())) {
                String field = names.unique("d_", p.name(), "p" + p.id());
                fields.put(g.id(), field);
                gradientFields.put(p.id(), field);
            } else {
                gradientFields.put(p.id(), fields.get(g.id()));
            }
            if (spec.optimizer().kind() == Optimizer.Kind.ADAM) {
                adamM.put(p.id(), names.unique("m_", p.name(), "p" + p.id()));
                adamV.put(p.id(), names.unique("v_", p.name(), "p" + p.id()));
            }
        }
        for (Node n : needed) {
            if (!fields.containsKey(n.id()) && (plan.isMaterialized(n) || plan.kind(n) == NodeKind.TABLE)) {
                String prefix = plan.kind(n) == NodeKind.TABLE ? "c" + n.id() : "t" + n.id();
                fields.put(n.id(), names.unique(prefix + (n.name() == null ? "" : "_"), n.name(), Integer.toString(n.id())));
            }
        }
        boolean segmented = plan.causal().active() && plan.causal().segments() != null;
        segStart = segmented ? names.unique("seg_start", null, "bounds") : null;
        segEnd = segmented ? names.unique("seg_end", null, "bounds") : null;
        Map<String, Node> leaves = new LinkedHashMap<>();
        for (Node n : needed) {
            if (plan.kind(n) == NodeKind.LEAF) {
                leaves.put(n.name(), n);
            }
        }
        for (Node p : compiled.trained()) {
            leaves.putIfAbsent(p.name(), p);
        }
        for (Node n : leaves.values()) {
            expose(Leaf.isParam(n) ? BufferRole.PARAM : BufferRole.INPUT, n.name(), fields.get(n.id()), n);
        }
        compiled.outputs().forEach((name, n) -> expose(BufferRole.OUTPUT, name, fields.get(n.id()), n));
        for (Node p : compiled.trained()) {
            expose(BufferRole.GRADIENT, p.name(), gradientFields.get(p.id()), p);
            if (adamM.containsKey(p.id())) {
                expose(BufferRole.ADAM_M, p.name(), adamM.get(p.id()), p);
                expose(BufferRole.ADAM_V, p.name(), adamV.get(p.id()), p);
            }
        }
    }

    private void expose(BufferRole role, String name, String field, Node node) {
        exposed.add(new ExposedBuffer(role, name, field, exposed.size(), node));
    }

    /** The field holding this node's values; null for nodes without a buffer. */
    public String field(Node n) {
        return fields.get(n.id());
    }

    /** The field holding each position's segment start (or null: the program has no segmented causal mask). */
    public String segStartField() {
        return segStart;
    }

    /** The field holding each position's segment end, exclusive (or null). */
    public String segEndField() {
        return segEnd;
    }

    public String gradientField(Node param) {
        return gradientFields.get(param.id());
    }

    public String adamMField(Node param) {
        return adamM.get(param.id());
    }

    public String adamVField(Node param) {
        return adamV.get(param.id());
    }

    public List<ExposedBuffer> exposed() {
        return exposed;
    }
}
