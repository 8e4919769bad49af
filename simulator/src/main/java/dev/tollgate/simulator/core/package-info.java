/**
 * The provider-independent core of the simulator, reused by every wire format.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.tollgate.simulator.core.Directives}: the one table of directive names, values and
 *       validation; {@link dev.tollgate.simulator.core.ModelDirectives} parses and caches
 *       {@code model+name=value+...} strings; {@link dev.tollgate.simulator.core.BehaviourResolver}
 *       overlays defaults, model directives and {@code x-sim-*} headers.</li>
 *   <li>{@link dev.tollgate.simulator.core.FaultDraw}: turns the fault rates and one number from
 *       {@link dev.tollgate.simulator.core.FaultRandom} (seeded or not) into a concrete
 *       {@code status} or {@code reset_after}, once per request, in the resolver.</li>
 *   <li>{@link dev.tollgate.simulator.core.FaultGate}: hang, {@code ttft_ms} and forced statuses,
 *       rendered through the format's {@link dev.tollgate.simulator.core.ErrorFormat}.</li>
 *   <li>{@link dev.tollgate.simulator.core.StreamPacer}: writes a format's
 *       {@link dev.tollgate.simulator.core.StreamScript} with {@code gap_ms} pacing,
 *       {@code malformed_at} and {@code reset_after}.</li>
 *   <li>{@link dev.tollgate.simulator.core.Exchange}: one request's response, timers and transport
 *       faults.</li>
 *   <li>{@link dev.tollgate.simulator.core.Generation}, {@link dev.tollgate.simulator.core.ReplyText},
 *       {@link dev.tollgate.simulator.core.TokenCounting}: what a text request produces (thinking,
 *       text or tool call) and bills; {@link dev.tollgate.simulator.core.ToolSelection} decides
 *       whether a reply is a tool call and {@link dev.tollgate.simulator.core.ToolCall} synthesizes
 *       its arguments from the tool's schema; {@link dev.tollgate.simulator.core.EmbeddingVectors}
 *       and {@link dev.tollgate.simulator.core.RenderedVectors}: deterministic unit vectors, rendered
 *       once.</li>
 *   <li>{@link dev.tollgate.simulator.core.InvalidRequest}: a request the real API would reject with
 *       400, rendered by each format in its own shape.</li>
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
 *   <li><b>System prompt apart from the messages</b> (Anthropic {@code system}, Gemini
 *       {@code systemInstruction}): counts as one more message, so the same conversation costs the
 *       same in every format (14 for the example above).</li>
 *   <li><b>Thinking</b> (when the request enables it): {@code THINKING_WORDS} = 8 words before the
 *       reply, counted as output and against {@code max_tokens}; the text gets what is left.</li>
 *   <li><b>Tool call</b>: the words of its arguments rendered with {@code ": "} and {@code ", "}
 *       separators ({@code {"city": "gateway", "days": 42}} = 4); it replaces the text and is not
 *       capped by {@code max_tokens}.</li>
 *   <li><b>Anthropic cache split</b>: {@code input_tokens} = prompt − {@code cached_tokens} −
 *       {@code cache_write_tokens}, never below 0; OpenAI and Gemini count cached tokens as part of
 *       the prompt.</li>
 * </ul>
 * Block or part contents count their text ({@code text} blocks and parts, Anthropic
 * {@code tool_result} contents, the string values of a Gemini {@code functionResponse}); images,
 * documents, earlier tool calls and earlier thinking count nothing.
 *
 * <h2>Reply text</h2>
 * Words come from a fixed 64-word vocabulary, chosen by a hash of the prompt texts, so the same
 * prompt always yields the same reply. Each word is followed by one space: a stream's deltas are
 * {@code "word "}, and a non-streamed reply is their exact concatenation.
 */
package dev.tollgate.simulator.core;
