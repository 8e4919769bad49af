/**
 * The provider-independent core of the simulator, reused by every wire format.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.tollgate.simulator.core.Directives}: the one table of directive names, values and
 *       validation; {@link dev.tollgate.simulator.core.ModelDirectives} parses and caches
 *       {@code model+name=value+...} strings; {@link dev.tollgate.simulator.core.BehaviourResolver}
 *       overlays defaults, model directives and {@code x-sim-*} headers.</li>
 *   <li>{@link dev.tollgate.simulator.core.FaultGate}: hang, {@code ttft_ms} and forced statuses,
 *       rendered through the format's {@link dev.tollgate.simulator.core.ErrorFormat}.</li>
 *   <li>{@link dev.tollgate.simulator.core.StreamPacer}: writes a format's
 *       {@link dev.tollgate.simulator.core.StreamScript} with {@code gap_ms} pacing,
 *       {@code malformed_at} and {@code reset_after}.</li>
 *   <li>{@link dev.tollgate.simulator.core.Exchange}: one request's response, timers and transport
 *       faults.</li>
 *   <li>{@link dev.tollgate.simulator.core.Generation}, {@link dev.tollgate.simulator.core.ReplyText},
 *       {@link dev.tollgate.simulator.core.TokenCounting}: what a text request produces and bills;
 *       {@link dev.tollgate.simulator.core.EmbeddingVectors}: deterministic unit vectors.</li>
 * </ul>
 *
 * <h2>Token accounting (exact, so tests can predict it)</h2>
 * A token is a whitespace-separated word ({@link dev.tollgate.simulator.core.TokenCounting#words}).
 * <ul>
 *   <li><b>Chat prompt</b>: for each message, the words of its text content plus 3; plus 3 once.
 *       A string content is its text; an array content is its {@code {"type":"text","text":...}}
 *       parts (other parts count nothing); a missing or null content counts 0 words. Example:
 *       {@code [system "You are terse", user "Say hello"]} = (3+3) + (2+3) + 3 = 14.</li>
 *   <li><b>Text completion prompt</b>: the words of the prompt, summed over all prompts if it is an
 *       array; a token-id array counts its length.</li>
 *   <li><b>Embedding input</b>: the same as a completion prompt; {@code total_tokens} equals
 *       {@code prompt_tokens}.</li>
 *   <li><b>Completion</b>: {@code completion_tokens = min(chunks, max_tokens)} (with
 *       {@code max_completion_tokens} taking precedence over {@code max_tokens}); when the cap is
 *       below {@code chunks} the reply is cut short and marked as such ({@code finish_reason}
 *       "length"). A stream carries exactly that many content chunks and a non-streamed reply has
 *       exactly that many words. {@code total_tokens = prompt + completion}.</li>
 *   <li>{@code cached_tokens} and {@code reasoning_tokens} are reported exactly as configured and do
 *       not change the counts above. {@code no_usage} removes usage altogether.</li>
 * </ul>
 *
 * <h2>Reply text</h2>
 * Words come from a fixed 64-word vocabulary, chosen by a hash of the prompt texts, so the same
 * prompt always yields the same reply. Each word is followed by one space: a stream's deltas are
 * {@code "word "}, and a non-streamed reply is their exact concatenation.
 */
package dev.tollgate.simulator.core;
