/**
 * The Anthropic Messages wire format, as documented by Anthropic (Messages, Streaming Messages,
 * Extended thinking, Tool use, Token counting, Errors) and as recorded from the real API.
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>{@code POST /v1/messages}: {@code model}, {@code max_tokens} (required, &ge; 1),
 *       {@code system} (string or text blocks), {@code messages} (role {@code user}/{@code assistant};
 *       string content or blocks: {@code text}, {@code image}, {@code document}, {@code tool_use},
 *       {@code tool_result}, {@code thinking}), {@code tools}, {@code tool_choice}
 *       ({@code auto}/{@code any}/{@code tool}/{@code none}), {@code stream}, {@code thinking}
 *       ({@code enabled} with {@code budget_tokens} &ge; 1024 and &lt; {@code max_tokens},
 *       {@code adaptive}, {@code disabled}). Validation follows the real API, including "tool_choice
 *       may only be specified while providing tools" and "thinking may not be enabled when
 *       tool_choice forces tool use".</li>
 *   <li>{@code POST /v1/messages/count_tokens}: the same fields without {@code max_tokens};
 *       answers {@code {"input_tokens": N}}.</li>
 * </ul>
 * Both need a non-blank {@code x-api-key} (else 401 {@code authentication_error}); an
 * {@code Authorization} bearer token is not accepted. {@code anthropic-version} is accepted but not
 * required. Every answer has a {@code request-id} header. Other {@code /v1/messages/...} paths get
 * Anthropic's 404.
 *
 * <h2>The reply</h2>
 * In order: a {@code thinking} block ({@link dev.tollgate.simulator.core.TokenCounting#THINKING_WORDS}
 * words and a deterministic {@code signature}) when thinking is on; then either one {@code text} block
 * of {@code chunks} words, or one {@code tool_use} block when {@link
 * dev.tollgate.simulator.core.ToolSelection} picks a tool (the {@code tool_call} directive, or a
 * {@code tool_choice} that forces one), with arguments synthesized from its {@code input_schema}.
 * {@code stop_reason} is {@code tool_use}, {@code max_tokens} (text cut short) or {@code end_turn}.
 * {@link dev.tollgate.simulator.anthropic.AnthropicStream} documents the event sequence of a stream.
 *
 * <h2>Usage</h2>
 * {@code input_tokens} = prompt − {@code cached_tokens} − {@code cache_write_tokens} (never below 0),
 * where the prompt counts the system prompt as one more message;
 * {@code cache_read_input_tokens} = {@code cached_tokens}; {@code cache_creation_input_tokens} =
 * {@code cache_write_tokens} (also as {@code cache_creation.ephemeral_5m_input_tokens});
 * {@code output_tokens} = thinking words + text words or tool-call argument words. message_start
 * reports {@code output_tokens: 1}, message_delta the total, as the real API does.
 * {@code reasoning_tokens} has no Anthropic counterpart and is ignored.
 *
 * <h2>Errors</h2>
 * Always {@code {"type":"error","error":{"type","message"}}}, with the type Anthropic pairs with the
 * status (see {@link dev.tollgate.simulator.anthropic.AnthropicErrors}): 429
 * {@code rate_limit_error}, 500 {@code api_error}, 503 and 529 {@code overloaded_error}, 400
 * {@code invalid_request_error}, and so on. A forced 429, 503 or 529 carries {@code retry-after}
 * when {@code retry_after > 0}.
 */
package dev.tollgate.simulator.anthropic;
