/**
 * The systems under test, each its own OS process in front of one shared
 * {@link dev.tollgate.bench.arms.SimulatorProcess}: the direct call, nginx as a bare reverse proxy, Tollgate
 * pass-through, Tollgate with its full pipeline, and Portkey's gateway on Node. An
 * {@link dev.tollgate.bench.arms.Arm} gives a base URL with a ready key, its processes (for CPU and memory)
 * and its version; {@link dev.tollgate.bench.arms.ArmLauncher} starts one by kind, installing nginx (apt-get)
 * or Portkey (npm, into {@code ~/.cache/tollgate-bench}) when missing. Every process is a
 * {@link dev.tollgate.bench.arms.ChildProcess}, stopped on close and by a shutdown hook.
 */
package dev.tollgate.bench.arms;
