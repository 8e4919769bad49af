/**
 * The OpenAI wire format, as specified by OpenAI's OpenAPI document
 * ({@code CreateChatCompletionResponse}, {@code CreateChatCompletionStreamResponse}, {@code Response},
 * {@code ResponseStreamEvent}, {@code CreateCompletionResponse}, {@code CreateEmbeddingResponse},
 * {@code ListModelsResponse}, {@code Error}).
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: {@code model}, {@code messages} (string or text-part
 *       contents), {@code stream}, {@code stream_options.include_usage},
 *       {@code max_completion_tokens}/{@code max_tokens}, {@code tools} (function tools),
 *       {@code tool_choice} ({@code auto}, {@code none}, {@code required} or a named function) and
 *       {@code reasoning_effort}; {@code n} is ignored (always one choice).
 *       A stream is a role chunk ({@code delta {"role":"assistant","content":""}}), one chunk per
 *       word ({@code delta {"content":"word "}}), a finish chunk (empty delta, {@code finish_reason}
 *       "stop" or "length"), a usage chunk with {@code "choices":[]} only when
 *       {@code include_usage} is true and {@code no_usage} is not set, then {@code data: [DONE]}.
 *       <br>Tool calls follow the same rules as in the other formats
 *       ({@link dev.tollgate.simulator.core.ToolSelection}: the {@code tool_call} directive, else a
 *       forcing {@code tool_choice}): the message has {@code "content":null} and
 *       {@code tool_calls [{id, type:"function", function:{name, arguments}}]}, the finish reason is
 *       {@code tool_calls}; streamed, the role chunk carries the call's id and name with empty
 *       arguments and each content chunk one argument piece
 *       ({@code delta {"tool_calls":[{"index":0,"function":{"arguments":"piece"}}]}}).
 *       <br>{@code reasoning_effort} (other than {@code none}) makes the model reason first: the
 *       thinking words of the other formats ({@code TokenCounting.THINKING_WORDS}, against
 *       {@code max_tokens}) are reported as {@code completion_tokens_details.reasoning_tokens} and
 *       counted in {@code completion_tokens}, but never sent as text. The {@code reasoning_tokens}
 *       directive, when set, overrides the reported number. {@code completion_tokens} is all output:
 *       reasoning, reply words or tool-call argument pieces.</li>
 *   <li>{@code POST /v1/responses}: the Responses API, stateless ({@link dev.tollgate.simulator.openai.ResponsesRequest}
 *       for what is read, {@link dev.tollgate.simulator.openai.ResponseJson} for the Response,
 *       {@link dev.tollgate.simulator.openai.ResponsesStream} for the events). The same generation as a
 *       chat request with the same prompt (instructions as the system message): the same words, tool call
 *       and counts, with the usage as {@code input_tokens}/{@code output_tokens} and their details.</li>
 *   <li>{@code POST /v1/completions}: the legacy text API, same behaviour, objects
 *       {@code text_completion}; a stream has no role chunk.</li>
 *   <li>{@code POST /v1/embeddings}: string, string-array or token-array {@code input},
 *       {@code dimensions} (default 1536), {@code encoding_format} "float" or "base64"
 *       (little-endian float32).</li>
 *   <li>{@code GET /v1/models}: a fixed list owned by "simulator".</li>
 * </ul>
 * Every endpoint needs {@code Authorization: Bearer <any non-empty key>} (else 401
 * {@code invalid_api_key}) and, for POST, a JSON object body (else 400).
 *
 * <h2>Errors</h2>
 * Always {@code {"error":{"message","type","param","code"}}}: 400 {@code invalid_request_error};
 * 401 {@code invalid_request_error}/{@code invalid_api_key}; 404 (unknown path)
 * {@code invalid_request_error}; forced 429 {@code rate_limit_error}/{@code rate_limit_exceeded};
 * forced 5xx {@code server_error} (503 with code {@code overloaded}, 504 {@code timeout}).
 */
package dev.tollgate.simulator.openai;
