/**
 * The Amazon Bedrock Runtime wire format, Converse and ConverseStream, as documented by AWS
 * ({@code API_runtime_Converse}, {@code API_runtime_ConverseStream}, the event-stream encoding) and as
 * the real API answers, and InvokeModel for the Titan and Cohere text embedding models (their request
 * and response bodies as AWS documents them).
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
 *   <li>{@code POST /model/{modelId}/invoke}: the body of the model's vendor, by model id (a
 *       cross-region prefix and an ARN's path looked through): {@code amazon.titan-embed-text-*}
 *       ({@code {"inputText", "dimensions" 256|512|1024, "normalize", "embeddingTypes"}}; v1 takes
 *       {@code inputText} only) answers {@code {"embedding", "inputTextTokenCount", "embeddingsByType"}};
 *       {@code cohere.embed-*} ({@code {"texts" (≤ 96, each ≤ 2048 characters), "input_type",
 *       "truncate", "embedding_types"}}, v4 also {@code output_dimension}) answers
 *       {@code {"id", "embeddings", "texts", "response_type"}}, with the vectors under
 *       {@code embeddings.float} when {@code embedding_types} was given. Bodies are checked like
 *       Bedrock's JSON schemas ({@code Malformed input request: #/dimensions: 100 is not a valid enum
 *       value, please reformat your input and try again.}, unknown keys refused); only {@code float}
 *       embeddings are rendered, and other models are refused. Vectors are deterministic unit vectors
 *       ({@link dev.tollgate.simulator.core.EmbeddingVectors}): Titan v2 1024 floats by default, v1 1536,
 *       Cohere v3 1024, v4 1536 by default.</li>
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
 * has no Bedrock counterpart and is ignored. InvokeModel answers carry the input's words in the
 * {@code X-Amzn-Bedrock-Input-Token-Count} header, and Titan's also in {@code inputTextTokenCount}
 * (Cohere's body has no count); {@code no_usage} leaves out both.
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
