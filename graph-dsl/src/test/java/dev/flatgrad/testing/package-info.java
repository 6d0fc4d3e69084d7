/**
 * Engine-independent generators of graphs for property tests, shared with codegen's tests through
 * graph-dsl's test-jar.
 *
 * <ul>
 *   <li>{@link dev.flatgrad.testing.GeneratedCase}: a graph, its scalar loss, the params, bindings
 *       and a printed description; optionally one symbolic dimension {@code T} whose size can be
 *       varied with {@code atSymbolSize} / {@code bindingsAt}.</li>
 *   <li>{@link dev.flatgrad.testing.CaseGenerator}: structure from {@link dev.flatgrad.testing.Choices}
 *       (a stream of small ints, shrinkable), values from a seed. Catalogs:
 *       {@link dev.flatgrad.testing.Primitive} (one per differentiable primitive),
 *       {@link dev.flatgrad.testing.Composite} (nn layers), {@link dev.flatgrad.testing.StopGradientCases},
 *       {@link dev.flatgrad.testing.Ties} (max and maximum on their kinks, with the expected gradient),
 *       {@link dev.flatgrad.testing.NonDifferentiable} (comparisons, constants, iota, numel),
 *       {@link dev.flatgrad.testing.WideMatmul} (matmuls wide enough for every vector tiling) and
 *       {@link dev.flatgrad.testing.RandomDags} (random programs of several primitives) and
 *       {@link dev.flatgrad.testing.RewritableDags} (random graphs of what the graph passes rewrite).</li>
 *   <li>{@link dev.flatgrad.testing.CaseBuilder} to write new generators; values come from
 *       {@link dev.flatgrad.testing.Domain}s that keep finite differences away from kinks.</li>
 *   <li>{@link dev.flatgrad.testing.OpInventory} and {@link dev.flatgrad.testing.OpKeys} for
 *       op-coverage checks; {@link dev.flatgrad.testing.ForwardOracle}, the forward values of every
 *       op written again independently of the interpreter.</li>
 * </ul>
 *
 * <p>Without an engine: {@code Primitive.EXP.generate(new SplittableRandom(seed), true)}. With
 * QuickTheories: the adapters in {@code dev.flatgrad.testing.qt}; every property starts from
 * {@code Seeds.qt(name)}, which prints its seed and replays {@code -Dflatgrad.seed}.
 */
package dev.flatgrad.testing;
