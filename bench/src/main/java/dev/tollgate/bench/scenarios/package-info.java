/**
 * The benchmark's scenarios, one class each, named on the command line: {@code small} (~1 KB requests at
 * fixed rates and at saturation), {@code stream} (TTFT, inter-chunk gaps, fidelity), {@code large} (100 KB
 * and 1 MB bodies), {@code streams-memory} (memory per held stream), {@code cpu} (CPU per 1,000 requests) and
 * {@code profile} (JFR: where the gateway's CPU goes). Each runs its steps in interleaved rounds and returns a
 * report {@link dev.tollgate.bench.report.Section} with headline tables, all rounds, targets and notes.
 */
package dev.tollgate.bench.scenarios;
