/**
 * The load library: HTTP/1.1 load on Vert.x with pooled keep-alive connections, recorded in HdrHistogram
 * (microseconds).
 *
 * <ul>
 *   <li>{@link dev.tollgate.bench.load.OpenLoopLoad}: fixed arrival rate; latency from each request's intended
 *       send time, so a stalling arm cannot slow the generator and hide its own latency; reports the rate it
 *       actually achieved and how late sends were.</li>
 *   <li>{@link dev.tollgate.bench.load.Saturation}: closed loop, N requests in flight, for throughput.</li>
 *   <li>{@link dev.tollgate.bench.load.StreamProbe}: streams at a fixed rate; time to first token, every
 *       inter-chunk gap, and chunk fidelity against a direct call's {@link dev.tollgate.bench.load.ChunkSequence}.</li>
 *   <li>{@link dev.tollgate.bench.load.SlowStreams}: holds many slow streams open, for memory per stream.</li>
 *   <li>{@link dev.tollgate.bench.load.ProcessStats}: CPU seconds, RSS, open files and heap after GC of a process.</li>
 * </ul>
 *
 * <p>Threading: a {@link dev.tollgate.bench.load.LoadClient} owns a few event loops; each run deploys its own
 * {@link dev.tollgate.bench.load.Lane}s (one HTTP client per event loop) and keeps per-lane statistics that only
 * that lane's thread writes, merged on the lanes when the run ends. Arrivals are released by a
 * {@link dev.tollgate.bench.load.Pacer} thread, because NIO event-loop timers have millisecond granularity.
 */
package dev.tollgate.bench.load;
