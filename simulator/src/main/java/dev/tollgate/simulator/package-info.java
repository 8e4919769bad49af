/**
 * The Tollgate provider simulator: a fast, standalone fake LLM provider for tests, demos and
 * benchmarks.
 *
 * <h2>What it is for</h2>
 * Tollgate's adapters talk to real providers over HTTP. The simulator stands in for those providers
 * on a single port, serving each provider's real paths, so an adapter pointed at
 * {@link dev.tollgate.simulator.Simulator#baseUrl()} keeps its production URL shape:
 * <ul>
 *   <li>OpenAI ({@link dev.tollgate.simulator.openai}): {@code /v1/chat/completions},
 *       {@code /v1/responses}, {@code /v1/completions}, {@code /v1/embeddings}, {@code /v1/models};</li>
 *   <li>Anthropic ({@link dev.tollgate.simulator.anthropic}): {@code /v1/messages},
 *       {@code /v1/messages/count_tokens};</li>
 *   <li>Gemini ({@link dev.tollgate.simulator.gemini}): {@code /v1beta/models/{model}:generateContent},
 *       {@code :streamGenerateContent}, {@code :countTokens}, {@code :embedContent},
 *       {@code :batchEmbedContents};</li>
 *   <li>Bedrock ({@link dev.tollgate.simulator.bedrock}): {@code /model/{modelId}/converse},
 *       {@code /model/{modelId}/converse-stream} (binary event-stream frames),
 *       {@code /model/{modelId}/invoke} (Titan and Cohere embedding bodies);</li>
 *   <li>Vertex AI (in {@link dev.tollgate.simulator.gemini}):
 *       {@code /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:generateContent},
 *       {@code :streamGenerateContent}, {@code :countTokens}, answered as the Gemini API answers, for a bearer
 *       token issued by the simulator's own token endpoint;</li>
 *   <li>Azure OpenAI ({@link dev.tollgate.simulator.azure}):
 *       {@code /openai/deployments/{deployment}/chat/completions|completions|embeddings?api-version=…}, with an
 *       {@code api-key} or an issued Entra bearer token;</li>
 *   <li>token endpoints ({@link dev.tollgate.simulator.auth}): Google's {@code POST /token} (service-account
 *       JWT-bearer grant) and Microsoft Entra ID's {@code POST /{tenant}/oauth2/v2.0/token} (client credentials).
 *       {@link dev.tollgate.simulator.Simulator#trustServiceAccount} and
 *       {@link dev.tollgate.simulator.Simulator#trustEntraClient} turn on the checks of signature and secret.</li>
 * </ul>
 * Every directive means the same in every format; only the rendering differs (each format's own
 * error shape, stream events and usage fields). Replies are deterministic, usage is exactly predictable
 * ({@link dev.tollgate.simulator.core.TokenCounting}), and latency and failures are scriptable. It is
 * built on plain Vert.x core (one event loop and server verticle per core, timers instead of sleeps,
 * precomputed stream fragments, no per-request logging) so that it is never the bottleneck of a
 * benchmark.
 *
 * <h2>Starting it</h2>
 * <ul>
 *   <li>In-process: {@code Simulator.start(SimulatorOptions.defaults())} (free port, loopback);
 *       {@link dev.tollgate.simulator.Simulator#close()} stops it.</li>
 *   <li>Standalone: {@link dev.tollgate.simulator.SimulatorMain}
 *       ({@code --port 8089 --host 127.0.0.1 --ttft-ms --gap-ms --chunks}).</li>
 * </ul>
 *
 * <h2>Choosing a behaviour</h2>
 * Every tunable is a field of {@link dev.tollgate.simulator.Behaviour}, named by a snake_case
 * directive: {@code ttft_ms}, {@code gap_ms}, {@code chunks}, {@code status}, {@code retry_after},
 * {@code hang}, {@code reset_after}, {@code malformed_at}, {@code no_usage}, {@code cached_tokens},
 * {@code cache_write_tokens}, {@code reasoning_tokens}, {@code tool_call}, {@code error_message},
 * {@code fail_rate}, {@code throttle_rate}, {@code reset_rate}, {@code seed}. Per request, three
 * sources are overlaid field by field, later ones winning:
 * <ol>
 *   <li><b>Defaults</b>: from {@link dev.tollgate.simulator.SimulatorOptions} at start; replaced by
 *       {@link dev.tollgate.simulator.Simulator#setDefaults} or {@code POST /_sim/config} (a JSON
 *       object of directive names; absent fields keep their value); {@code GET /_sim/config} shows
 *       them, {@code POST /_sim/reset} restores the start-up ones, clears recorded requests and
 *       zeroes the stats.</li>
 *   <li><b>Model name</b>: directives after a {@code +}, separated by {@code +}, e.g.
 *       {@code gpt-4o-mini+status=429+retry_after=2}, {@code gpt-4o-mini+hang},
 *       {@code gpt-4o-mini+ttft_ms=200+gap_ms=20+chunks=50}. This is how a gateway deployment scripts
 *       a fault, since the gateway forwards only the model name it is configured with. Responses echo
 *       the part before the first {@code +}. Boolean directives without a value mean true; values
 *       may be percent-encoded. For Gemini the model is the path segment
 *       ({@code /v1beta/models/gemini-2.5-flash+status=429:generateContent}), and so it is for Bedrock
 *       ({@code /model/anthropic.claude-x%2Bstatus%3D429/converse}).</li>
 *   <li><b>Headers</b>: {@code x-sim-<name>: <value>} (dashes or underscores), e.g.
 *       {@code x-sim-status: 503}, {@code x-sim-hang: true}, for tests calling the simulator directly.</li>
 * </ol>
 * An unknown directive name or a bad value is a 400 in the provider's error format, naming it.
 *
 * <h2>Faults and timing</h2>
 * <ul>
 *   <li>{@code hang}: the request is read and never answered.</li>
 *   <li>{@code ttft_ms}: wait before the first byte (of a reply or of a forced error).</li>
 *   <li>{@code status} (+ {@code retry_after}, {@code error_message}): the request fails with that HTTP
 *       status before any byte of a reply, streamed or not, in the format's error shape; 429, 503 and
 *       529 carry {@code Retry-After} when {@code retry_after > 0}.</li>
 *   <li>{@code gap_ms}: a stream's first content chunk arrives at {@code ttft_ms}, each following one
 *       {@code gap_ms} later; finish, usage and terminator follow the last at once.</li>
 *   <li>{@code reset_after=N}: a stream's TCP connection is reset after N content chunks
 *       (0: right after the opening chunk; N &ge; chunks: before the finish chunk). A non-streamed
 *       request with any {@code reset_after >= 0} is reset instead of answered.</li>
 *   <li>{@code malformed_at=N}: content chunk N (1-based) is sent as invalid JSON
 *       (OpenAI: {@code data: {"choices":[{"delta":}; Bedrock: a frame with a broken CRC); the stream
 *       then continues normally. A
 *       non-streamed reply with any {@code malformed_at >= 1} is cut in half.</li>
 * </ul>
 *
 * <h2>Random faults</h2>
 * For chaos tests, {@code fail_rate}, {@code throttle_rate} and {@code reset_rate} (fractions, 0 to 1)
 * inject faults at random, e.g. {@code gpt-4o-mini+fail_rate=0.1+throttle_rate=0.05}:
 * <ul>
 *   <li>{@code fail_rate}: a 500 in the format's error shape;</li>
 *   <li>{@code throttle_rate}: a 429 with {@code Retry-After} = {@code retry_after}, or 1 when that is 0;</li>
 *   <li>{@code reset_rate}: as {@code reset_after=n}, n drawn from 1 to {@code chunks - 1}: a stream
 *       is reset after at least one content chunk and never completes; any other request is reset
 *       before a byte of its answer.</li>
 * </ul>
 * One random number per request (with any rate above 0) decides, before {@code ttft_ms}, in
 * {@link dev.tollgate.simulator.core.BehaviourResolver}, so every endpoint of every format gets the
 * same faults. The rates are consecutive slices of that number (fail, then throttle, then reset), so
 * each is exact while they sum to at most 1. A drawn fault replaces {@code status} and
 * {@code reset_after}; {@code hang} still wins. Answers carrying a drawn fault have an
 * {@code x-sim-fault: fail|throttle|reset} header (a reset stream in its 200 head); forced
 * {@code status} errors do not.
 *
 * <p>{@code seed=<long>} makes the numbers reproducible: each seed value has its own sequence, shared
 * by the requests that carry it, started over when the defaults change ({@code POST /_sim/config},
 * {@link dev.tollgate.simulator.Simulator#setDefaults}) and on {@code POST /_sim/reset}. The n-th
 * draw of a seed is always the same number; with concurrent clients only which request makes it
 * varies. Without a seed, the numbers come from {@code ThreadLocalRandom}.
 *
 * <p>{@link dev.tollgate.simulator.Simulator#stats()} and {@code GET /_sim/stats} count provider
 * requests, delivered faults by kind and abandoned answers.
 * A content chunk is one output token in every format: a reply word, a thinking word, or a piece of
 * a tool call's arguments (a Gemini function call is one chunk).
 *
 * <h2>Tools, thinking and caching</h2>
 * {@code tool_call=<name>} (or {@code tool_call} alone for the first declared tool) makes a request of
 * any format that declares tools answer with a call of that tool, with arguments synthesized
 * from its schema; a request that forces a tool gets that call without the directive. A request that
 * enables thinking gets a few thinking words first. {@code cached_tokens} and
 * {@code cache_write_tokens} fill the formats' cache counts. OpenAI Chat Completions ignores
 * {@code cache_write_tokens}; the Responses API reports it as {@code input_tokens_details.cache_write_tokens}.
 *
 * <h2>Inspecting traffic</h2>
 * {@link dev.tollgate.simulator.Simulator#recentRequests()} and {@code GET /_sim/requests} return the
 * last 256 provider requests (method, path, lower-case headers, body, time). Control endpoints need no
 * authentication and are not recorded.
 *
 * <h2>Layout</h2>
 * This package holds the public API and the server wiring; {@link dev.tollgate.simulator.core} the
 * parts every wire format shares (behaviour resolution, faults, pacing, reply text, token counting,
 * embedding vectors, tool calls); one package per wire format. A new provider is a new package with a
 * {@link dev.tollgate.simulator.core.ProviderApi} registered in {@code SimulatorState}.
 */
package dev.tollgate.simulator;
