/**
 * The Gemini API wire format ({@code generativelanguage.googleapis.com}), as documented by Google
 * ({@code models.generateContent}, {@code models.streamGenerateContent}, {@code models.countTokens},
 * {@code models.embedContent}, {@code models.batchEmbedContents}) and as recorded from the real API.
 *
 * <h2>Endpoints</h2>
 * All are {@code POST /v1beta/models/{model}:{method}} (also under {@code /v1/models/}):
 * <ul>
 *   <li>{@code :generateContent}: {@code contents} (role {@code user}/{@code model}; parts
 *       {@code text}, {@code functionCall}, {@code functionResponse}, {@code inlineData},
 *       {@code fileData}), {@code systemInstruction}, {@code tools[].functionDeclarations}
 *       ({@code parameters} or {@code parametersJsonSchema}), {@code toolConfig.functionCallingConfig}
 *       ({@code mode} AUTO/ANY/NONE/VALIDATED, {@code allowedFunctionNames}),
 *       {@code generationConfig.maxOutputTokens} and {@code generationConfig.thinkingConfig}
 *       ({@code thinkingBudget}, 0 turns thinking off; {@code includeThoughts}).</li>
 *   <li>{@code :streamGenerateContent}: the same request; {@code ?alt=sse} streams server-sent
 *       events, otherwise the chunks form one JSON array, as the REST API does. See
 *       {@link dev.tollgate.simulator.gemini.GeminiStream}.</li>
 *   <li>{@code :countTokens}: {@code contents} or a whole {@code generateContentRequest};
 *       {@code {"totalTokens": N, "promptTokensDetails": [...]}}.</li>
 *   <li>{@code :embedContent}, {@code :batchEmbedContents}: {@code {"embedding":{"values":[...]}}}
 *       and {@code {"embeddings":[...]}}; {@code outputDimensionality} 1–3072 (default 3072). A batch
 *       holds 1–100 requests, each naming the batch's model ({@code models/<the path's model>};
 *       directives after a {@code +} do not count), as Google's reference requires.</li>
 * </ul>
 * The model is the path segment, so directives ride there:
 * {@code gemini-2.5-flash+status=429:generateContent}; the segment is percent-decoded first
 * ({@code %2B} is a {@code +}, a raw {@code +} stays a {@code +}) and the method follows its last
 * colon ({@link dev.tollgate.simulator.gemini.GeminiPath}). {@code modelVersion} echoes the model
 * without directives.
 *
 * <p>Authentication: a non-blank {@code x-goog-api-key} header or {@code key} query parameter. Without
 * one, the answer is Google's 403 {@code PERMISSION_DENIED} ("unregistered callers"), or 401
 * {@code UNAUTHENTICATED} when only an {@code Authorization} header was sent. Unknown methods and
 * other {@code /v1beta} paths get Google's 404.
 *
 * <h2>The reply</h2>
 * One candidate ({@code index} 0, role {@code model}) whose parts are: the thought
 * ({@code {"text":..., "thought":true}}, only with {@code includeThoughts}), then the reply text or one
 * {@code functionCall} (chosen by {@link dev.tollgate.simulator.core.ToolSelection}: the
 * {@code tool_call} directive, or mode ANY), which carries a {@code thoughtSignature} when thinking is
 * on. {@code finishReason} is {@code MAX_TOKENS} when {@code maxOutputTokens} cut the text short, else
 * {@code STOP}. Thinking is on when {@code thinkingConfig} is given without {@code thinkingBudget: 0}.
 *
 * <h2>Usage</h2>
 * {@code promptTokenCount} counts {@code systemInstruction} as one more content;
 * {@code candidatesTokenCount} is the text words or the function call's argument words;
 * {@code thoughtsTokenCount} the thinking words (reported even when the thoughts are not included);
 * {@code cachedContentTokenCount} = {@code cached_tokens}, a part of the prompt;
 * {@code totalTokenCount} = prompt + candidates + thoughts. Zero counts other than prompt and total
 * are left out, as proto3 JSON does. Embeddings report no usage, like the real API.
 * {@code cache_write_tokens} and {@code reasoning_tokens} have no Gemini counterpart and are ignored.
 *
 * <h2>Errors</h2>
 * Always {@code {"error":{"code","message","status"}}} with Google's canonical status (see
 * {@link dev.tollgate.simulator.gemini.GeminiErrors}): 400 {@code INVALID_ARGUMENT}, 429
 * {@code RESOURCE_EXHAUSTED}, 500 {@code INTERNAL}, 503 {@code UNAVAILABLE}, and so on. A forced 429
 * or 503 with {@code retry_after > 0} carries a {@code Retry-After} header and a
 * {@code google.rpc.RetryInfo} detail ({@code "retryDelay": "2s"}).
 */
package dev.tollgate.simulator.gemini;
