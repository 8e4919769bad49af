/**
 * What scenarios share while a run goes on: the settings, the session (arms, load client, simulator),
 * the seeded round shuffler, per-round measurements with their medians, and the machine-state helpers
 * (waiting for the benchmark's own processes to calm down, watching other processes' CPU, thread dumps
 * of a stalled arm).
 */
package dev.tollgate.bench.run;
