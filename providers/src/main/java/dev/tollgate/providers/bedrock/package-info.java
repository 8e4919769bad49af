/**
 * The Amazon Bedrock adapter: Bedrock's Converse API (chat) and InvokeModel (embeddings) behind the gateway's
 * OpenAI-compatible surface.
 *
 * <p>API: Bedrock Runtime {@code Converse} ({@code POST {base_url}/model/{modelId}/converse}) and
 * {@code ConverseStream} ({@code POST {base_url}/model/{modelId}/converse-stream}, answered as binary
 * {@code application/vnd.amazon.eventstream} frames), with {@code base_url} by default
 * {@code https://bedrock-runtime.{options.region}.amazonaws.com}; auth by AWS Signature Version 4 (service
 * {@code bedrock}) over the final body. References:
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html (and the
 * {@code ContentBlock}, {@code ContentBlockDelta}, {@code ReasoningContentBlock}, {@code ToolConfiguration},
 * {@code TokenUsage} types there), https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html,
 * https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html,
 * https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html (event-stream framing),
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html. Embeddings go to {@code InvokeModel}
 * ({@code POST {base_url}/model/{modelId}/invoke},
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html).
 *
 * <p>Pieces: {@link dev.tollgate.providers.bedrock.BedrockAdapter} (URL, headers, signing with the AWS SDK's
 * {@code AwsV4HttpSigner}, error classification, stream decoder); {@code EventStreamDecoder} (frames by the
 * AWS SDK's {@code MessageDecoder}, which checks both CRCs); {@link dev.tollgate.providers.bedrock.BedrockTranslation}
 * with {@code RequestTranslator}, {@code MessagesTranslator}, {@code ContentBlocks}, {@code ToolConfigTranslator},
 * {@code ResponseTranslator} and {@code StreamTranslator}. The walk over messages, the building of answers and
 * stream chunks, usage and the reading of tools and thinking are shared with the Anthropic adapter in
 * {@code dev.tollgate.providers.messages}; the classes here say what Converse calls things and where its rules
 * differ ({@code MessagesTranslator} is Converse's block format, {@code BedrockUsage} its usage field names).
 *
 * <p>Canonical extensions used (see {@link dev.tollgate.spi.provider.ChatTranslation}): reasoning comes back
 * as {@code reasoning_content} and, with its signature, as {@code thinking_blocks}
 * ({@code {"type":"thinking","thinking","signature"}}, or {@code {"type":"redacted_thinking","data"}} for
 * {@code redactedContent}); handed back on a later assistant message they go upstream as
 * {@code reasoningContent} blocks before the turn's text and tool calls. {@code cache_control} on content
 * parts, messages and tools becomes a {@code cachePoint} block after them;
 * {@code usage.prompt_tokens_details.cache_creation_input_tokens} reports cache writes.
 *
 * <p>Quirks handled here:
 * <ul>
 *   <li>Shapes: content blocks are keyed by shape ({@code {"text"}}, {@code {"image"}}, {@code {"toolUse"}},
 *       {@code {"toolResult"}}, {@code {"reasoningContent"}}, {@code {"cachePoint"}}), not tagged; system
 *       and developer messages become the top-level {@code system} blocks; tool results are {@code toolResult}
 *       blocks of a user message, first in it; turns must alternate, so consecutive messages of one role are
 *       merged. Empty text blocks are refused by Converse, so empty parts are left out and an empty tool
 *       result is sent as {@code "(empty)"}.</li>
 *   <li>Media only inline: images from {@code data:} URLs (png, jpeg, gif, webp) as base64 {@code bytes}; an
 *       http(s) image URL is refused ("Bedrock accepts only inline images"); {@code file} parts become
 *       {@code document} blocks (pdf, csv, doc, docx, xls, xlsx, html, txt, md) named after the file.</li>
 *   <li>{@code inferenceConfig}: {@code maxTokens} (from {@code max_completion_tokens} / {@code max_tokens}),
 *       {@code temperature}, {@code topP}, {@code stopSequences}. {@code top_k} goes to
 *       {@code additionalModelRequestFields} for Claude.</li>
 *   <li>Thinking: an explicit Anthropic-style {@code thinking} object goes to
 *       {@code additionalModelRequestFields.thinking}; {@code reasoning_effort} becomes a Claude thinking
 *       budget (low 1024, medium 4096, high 16384; {@code maxTokens} defaults to 4096 and is raised above the
 *       budget), or {@code reasoning_effort} for {@code openai.gpt-oss} models; other models have no Converse
 *       reasoning switch and the effort is dropped.</li>
 *   <li>Tools: {@code toolConfig.tools[].toolSpec} with the schema under {@code inputSchema.json};
 *       {@code tool_choice} auto, required ({@code any}) or a function ({@code tool}); Converse has no
 *       {@code none}, so the client's tools are withheld instead, and a conversation that holds tool blocks
 *       but declares no tool gets a placeholder tool (Converse refuses tool blocks without a
 *       {@code toolConfig}). No JSON mode: {@code response_format} becomes a tool, forced unless the client
 *       has tools or thinking is on, whose input is the answer's content (finish reason {@code stop}), as the
 *       Anthropic adapter does.</li>
 *   <li>Answers carry neither id nor model: the id comes from the adapter, the model is the upstream model
 *       id. {@code stopReason}: {@code end_turn}/{@code stop_sequence} stop, {@code max_tokens} and
 *       {@code model_context_window_exceeded} length, {@code tool_use} tool_calls,
 *       {@code guardrail_intervened}/{@code content_filtered} content_filter.</li>
 *   <li>Usage: {@code inputTokens} excludes cache reads and writes; {@code prompt_tokens} is the sum of the
 *       three, {@code cached_tokens} the reads, and the writes go to
 *       {@link dev.tollgate.spi.TokenUsage#cacheWriteTokens()}. Reasoning tokens are not reported apart from
 *       output tokens. A stream reports usage once, in its final {@code metadata} event.</li>
 *   <li>Streams: frames checked by CRC; an {@code exception} frame ({@code throttlingException},
 *       {@code modelStreamErrorException}, …) or a corrupt frame ends the stream with a
 *       {@link dev.tollgate.spi.provider.TranslationException}. Text and reasoning blocks have no
 *       {@code contentBlockStart}: their first delta opens them.</li>
 *   <li>Errors: {@code {"message":…}}, classified by status (401/403 credentials, 429 throttling, 408 and
 *       5xx unavailable, other 4xx the request's fault); messages are scrubbed of access key ids, secret-shaped
 *       strings and account ids in ARNs.</li>
 *   <li>{@code n} other than 1 is refused.</li>
 * </ul>
 *
 * <p>Embeddings ({@link dev.tollgate.providers.bedrock.EmbeddingsTranslation}): InvokeModel passes the body to the
 * model untouched, so its shape is the vendor's, chosen by the model id ({@code EmbeddingFormat}; a cross-region
 * prefix such as {@code us.} and an ARN's path are looked through):
 * <ul>
 *   <li>{@code amazon.titan-embed-text-*} ({@code TitanEmbeddings};
 *       https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html):
 *       {@code {"inputText", "dimensions", "normalize": true}} → {@code {"embedding", "inputTextTokenCount"}}.
 *       One text per call: an {@code input} array of more than one text is refused with a 400 (a one-element
 *       array is fine), since a gateway call is one upstream call. v1 takes the text alone and refuses
 *       {@code dimensions}. {@code inputTextTokenCount} is the usage.</li>
 *   <li>{@code cohere.embed-*} ({@code CohereEmbeddings};
 *       https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html):
 *       {@code {"texts", "input_type", "embedding_types": ["float"]}} → {@code {"embeddings": {"float": [...]}}}
 *       (or, without {@code embedding_types}, {@code "embeddings": [[...]]}; both are read). {@code input_type}
 *       is required by Cohere and unknown to OpenAI: {@code search_document}, or the client's own
 *       {@code input_type} field when its request has one. v3 vectors are 1024 floats ({@code dimensions} other
 *       than 1024 is refused); v4 takes {@code output_dimension}. The body reports no token count (Bedrock
 *       sends {@code X-Amzn-Bedrock-Input-Token-Count}, a header translations do not see), so the gateway
 *       counts the input itself.</li>
 *   <li>Other models (an application inference profile's ARN included, since it does not name its model) are
 *       refused with a 400 before any call.</li>
 * </ul>
 */
package dev.tollgate.providers.bedrock;
