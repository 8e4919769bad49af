/**
 * The Anthropic adapter: Anthropic's Messages API behind the gateway's OpenAI-compatible surface.
 *
 * <p>API: Messages, {@code anthropic-version: 2023-06-01}, {@code POST {base_url}/messages} with
 * {@code base_url} like {@code https://api.anthropic.com/v1}; auth by {@code x-api-key}. References:
 * https://docs.anthropic.com/en/api/messages (request and response),
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming (events),
 * https://docs.anthropic.com/en/docs/build-with-claude/tool-use,
 * https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking,
 * https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching,
 * https://docs.anthropic.com/en/api/errors. Only chat completions are served: Anthropic has no embeddings
 * and no legacy completions.
 *
 * <p>The walk over messages, the building of answers and stream chunks, usage and the reading of tools and
 * thinking are shared with the Bedrock adapter in {@code dev.tollgate.providers.messages}; this package keeps
 * Anthropic's own words: {@code MessagesTranslator} (how Anthropic writes each block), {@code ContentParts},
 * {@code RequestTranslator} (the request envelope), {@code ResponseTranslator} and {@code StreamTranslator}
 * (reading Anthropic's blocks and SSE events), {@code AnthropicUsage} (its usage field names),
 * {@code FinishReasons} and {@code AnthropicErrorBody}.
 *
 * <p>Canonical extensions used (see {@link dev.tollgate.spi.provider.ChatTranslation}): answers carry the
 * model's thinking as {@code reasoning_content} (in messages and deltas) and the thinking blocks, with their
 * signatures, as {@code thinking_blocks}; a client hands those back on the assistant message of a later
 * turn and they go upstream, signatures intact, before the turn's text and tool calls. In a stream each
 * {@code thinking_blocks} delta holds one complete block, sent when the block ends. Requests may carry
 * {@code cache_control} on content parts, tools and messages, and an Anthropic {@code thinking} object,
 * all passed through; {@code usage.prompt_tokens_details.cache_creation_input_tokens} reports cache writes.
 *
 * <p>Quirks handled here:
 * <ul>
 *   <li>Roles: system and developer messages become the top-level {@code system} (a string, or text
 *       blocks when one has {@code cache_control}); tool results become {@code tool_result} blocks of a
 *       user message; user and assistant turns must alternate, so consecutive messages of one role
 *       (several tool results, say) are merged, tool results first.</li>
 *   <li>{@code max_tokens} is required: 4096 when the client gives none. {@code reasoning_effort} becomes a
 *       thinking budget (low 1024, medium 4096, high 16384) and {@code max_tokens} is raised above it.</li>
 *   <li>No JSON mode: {@code response_format} {@code json_schema} or {@code json_object} becomes a tool
 *       named after the schema, forced by {@code tool_choice {"type":"tool"}}; its input, streamed or not,
 *       becomes the answer's {@code content} and the finish reason is {@code stop}. The tool is not forced
 *       when the client has tools of its own or thinking is on (Anthropic then allows only {@code auto}),
 *       and a text block the model writes beside it is dropped from a complete answer but, streamed, has
 *       already gone out.</li>
 *   <li>Usage: Anthropic's {@code input_tokens} excludes cache reads and writes; {@code prompt_tokens} is
 *       the sum of the three, {@code cached_tokens} the reads, and the writes go to
 *       {@link dev.tollgate.spi.TokenUsage#cacheWriteTokens()}. Thinking tokens are not reported apart
 *       from output tokens.</li>
 *   <li>Errors: 401/403 become a fixed text; other messages are scrubbed of key-shaped strings. 529
 *       ({@code overloaded_error}) counts as unavailable; an {@code error} event mid-stream ends the
 *       translation with a {@link dev.tollgate.spi.provider.TranslationException}.</li>
 *   <li>{@code n} other than 1 is refused; {@code user} becomes {@code metadata.user_id} unless it looks
 *       like an e-mail address, which Anthropic refuses.</li>
 * </ul>
 */
package dev.tollgate.providers.anthropic;
