/**
 * The Amazon Bedrock Runtime wire format, Converse and ConverseStream, as documented by AWS
 * ({@code API_runtime_Converse}, {@code API_runtime_ConverseStream}, the event-stream encoding) and as
 * the real API answers.
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>{@code POST /model/{modelId}/converse}: {@code messages} (role {@code user}/{@code assistant},
 *       alternating, starting with {@code user}; content blocks {@code text} (never blank),
 *       {@code image}, {@code document}, {@code toolUse}, {@code toolResult}, {@code reasoningContent},
 *       {@code cachePoint}), {@code system} (text and cachePoint blocks),
 *       {@code inferenceConfig.maxTokens} (&ge; 1), {@code toolConfig} ({@code tools[].toolSpec} with
 *       {@code inputSchema.json}; {@code toolChoice} {@code auto}/{@code any}/{@code tool}; required when
 *       messages hold toolUse or toolResult blocks) and {@code additionalModelRequestFields.thinking}
 *       (Claude's {@code enabled} with {@code budget_tokens} &ge; 1024 and below {@code maxTokens},
 *       {@code adaptive}, {@code disabled}).</li>
 *   <li>{@code POST /model/{modelId}/converse-stream}: the same request, answered as
 *       {@code application/vnd.amazon.eventstream} frames; see
 *       {@link dev.tollgate.simulator.bedrock.ConverseStream}.</li>
 * </ul>
 * The model is the path segment, so directives ride there, percent-decoded first:
 * {@code /model/claude%2Bstatus%3D429/converse} and {@code /model/claude+status=429/converse} are the
 * same ({@link dev.tollgate.simulator.bedrock.BedrockPath}). Converse answers do not echo the model.
 *
 * <p>Authentication: an {@code Authorization} header of the {@code AWS4-HMAC-SHA256} scheme, whose
 * signature is not verified (the recorded request keeps it for tests). Without one the answer is
 * Bedrock's 403 {@code MissingAuthenticationTokenException}; another scheme gets 403
 * {@code IncompleteSignatureException}. Other operations under {@code /model/} get 404
 * {@code UnknownOperationException}. Every answer has an {@code x-amzn-RequestId} header.
 *
 * <h2>The reply</h2>
 * {@code output.message.content} holds, in order: a {@code reasoningContent.reasoningText} block
 * ({@link dev.tollgate.simulator.core.TokenCounting#THINKING_WORDS} words and a deterministic
 * {@code signature}) when thinking is on; then one {@code text} block of {@code chunks} words, or one
 * {@code toolUse} block when {@link dev.tollgate.simulator.core.ToolSelection} picks a tool (the
 * {@code tool_call} directive, or a {@code toolChoice} of {@code any} or {@code tool}).
 * {@code stopReason} is {@code tool_use}, {@code max_tokens} (text cut short) or {@code end_turn};
 * {@code metrics.latencyMs} is {@code ttft_ms}.
 *
 * <h2>Usage</h2>
 * As Anthropic's: {@code inputTokens} = prompt − {@code cached_tokens} − {@code cache_write_tokens}
 * (never below 0), where the prompt counts the system blocks as one more message;
 * {@code cacheReadInputTokens} = {@code cached_tokens} and {@code cacheWriteInputTokens} =
 * {@code cache_write_tokens} (both present when either is set); {@code outputTokens} = thinking words +
 * text words or tool-call argument words; {@code totalTokens} = the sum of the four. A stream reports
 * it once, in the final {@code metadata} event. {@code no_usage} leaves it out; {@code reasoning_tokens}
 * has no Bedrock counterpart and is ignored.
 *
 * <h2>Errors</h2>
 * Always {@code {"message": "…"}} with the type in the {@code x-amzn-ErrorType} header (see
 * {@link dev.tollgate.simulator.bedrock.BedrockErrors}): 400 {@code ValidationException} (also for
 * invalid requests and directives), 403 {@code AccessDeniedException}, 429
 * {@code ThrottlingException}, 500 {@code InternalServerException}, 503
 * {@code ServiceUnavailableException}, and so on. {@code malformed_at} sends a stream frame with a broken
 * CRC (a non-streamed answer is cut in half); {@code reset_after} resets the connection as elsewhere.
 */
package dev.tollgate.simulator.bedrock;
