/**
 * The Google Gemini adapter: OpenAI chat completions and embeddings translated to and from the Gemini API.
 *
 * <p>API: Gemini API {@code v1beta} (https://ai.google.dev/api), {@code base_url} e.g.
 * {@code https://generativelanguage.googleapis.com/v1beta}; {@code POST models/{model}:generateContent}
 * (https://ai.google.dev/api/generate-content), {@code POST models/{model}:streamGenerateContent?alt=sse} for
 * streams; auth by the {@code x-goog-api-key} header. References: function calling
 * (https://ai.google.dev/gemini-api/docs/function-calling), thinking
 * (https://ai.google.dev/gemini-api/docs/thinking), thought signatures
 * (https://ai.google.dev/gemini-api/docs/thought-signatures), structured output
 * (https://ai.google.dev/gemini-api/docs/structured-output), errors
 * (https://ai.google.dev/gemini-api/docs/troubleshooting).
 *
 * <p>Quirks the translation handles:
 * <ul>
 *   <li>Roles are {@code user} and {@code model}; system and developer messages go to the top-level
 *       {@code systemInstruction}; consecutive contents of one role are merged; empty text parts are left
 *       out (Gemini refuses them).</li>
 *   <li>Tool results are {@code functionResponse} parts of a {@code user} content and must carry the
 *       function's <em>name</em> (OpenAI only gives the call id): the name is looked up from the earlier
 *       assistant {@code tool_calls}. {@code response} must be an object: a JSON-object result goes as is,
 *       anything else as {@code {"content": …}}. Gemini sends no call ids, so tool-call ids are made up
 *       deterministically: {@code call_<responseId>_<index>}.</li>
 *   <li>Function parameters and response schemas are an OpenAPI subset that refuses unknown keywords:
 *       {@code $schema}, {@code additionalProperties}, {@code strict}, … are stripped, local {@code $ref}s
 *       inlined, type unions turned into {@code nullable} ({@code SchemaCleaner});
 *       an object schema without properties is left out, since Gemini refuses it.</li>
 *   <li>Thinking: {@code reasoning_effort} (or an Anthropic-style {@code thinking} budget) becomes
 *       {@code thinkingConfig} with {@code includeThoughts}; thought parts come back as
 *       {@code reasoning_content}. Thought signatures ({@code thoughtSignature}, on any part) are kept in
 *       {@code thinking_blocks} and put back on replay (the last on the first function call, where Gemini 3
 *       validates it); a replayed function call without one gets Google's documented placeholder
 *       {@code skip_thought_signature_validator}, or Gemini 3 answers 400.</li>
 *   <li>Streams need {@code alt=sse}: each event is a whole {@code GenerateContentResponse} with only the new
 *       parts, function calls arrive whole, usage is cumulative (the last one counts), and there is no
 *       {@code [DONE]}.</li>
 *   <li>Usage: {@code promptTokenCount} includes cached tokens; thinking tokens ({@code thoughtsTokenCount})
 *       are billed as output but not in {@code candidatesTokenCount}, so they are added to the completion
 *       tokens. The answer has no creation time ({@code created} is 0 unless a {@code createTime} came; the gateway then stamps the call's start).</li>
 *   <li>Errors: {@code {"error":{"code","message","status"}}}; an invalid key is a 400 with reason
 *       {@code API_KEY_INVALID}, treated as an authentication failure; messages are scrubbed of
 *       {@code AIza…} keys and {@code key=} values.</li>
 * </ul>
 *
 * <p>Embeddings ({@link dev.tollgate.providers.gemini.EmbeddingsTranslation}): {@code POST /v1/embeddings} becomes
 * {@code POST models/{model}:batchEmbedContents} (https://ai.google.dev/api/embeddings), one
 * {@code EmbedContentRequest} per input so that an array is one call; {@code embedContent} is not used. Quirks:
 * <ul>
 *   <li>Each request of the batch must repeat the batch's model as a resource name ({@code models/…}, or
 *       {@code tunedModels/…} as configured); {@code dimensions} becomes each request's
 *       {@code outputDimensionality}. No {@code taskType} is sent (OpenAI's request has no counterpart).</li>
 *   <li>Google caps a batch at 100 requests and answers more with a 400, which reaches the client as such;
 *       the gateway does not split calls.</li>
 *   <li>Only text: token-array inputs are refused with a 400 before any call, as are empty inputs.</li>
 *   <li>Vectors come back with Google's numbers untouched, or as base64 little-endian float32 for
 *       {@code encoding_format: "base64"}. Google normalises only full-size (3072) vectors; smaller
 *       {@code outputDimensionality} vectors are not unit length and the gateway does not rescale them.</li>
 *   <li>Usage: the embeddings answer has long carried no token count (a {@code usageMetadata.promptTokenCount},
 *       when present, is used); without one the answer leaves {@code usage} out and the gateway counts the
 *       input itself (estimated usage).</li>
 * </ul>
 *
 * <p>Vertex AI ({@link dev.tollgate.providers.gemini.VertexAdapter}, type {@code vertex}): the same translation for
 * Gemini models on Google Cloud (https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest), at
 * {@code {base_url}/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}; {@code base_url} defaults to {@code https://{location}-aiplatform.googleapis.com/v1}
 * ({@code https://aiplatform.googleapis.com/v1} for {@code global}). Auth is a service account: each key is its
 * JSON key file (or {@code options.credentials_file} names the file), traded for an access token with the
 * JWT-bearer grant (https://developers.google.com/identity/protocols/oauth2/service-account#httprest: an RS256 JWT
 * with {@code iss} = {@code client_email}, scope {@code https://www.googleapis.com/auth/cloud-platform},
 * {@code aud} = the file's {@code token_uri}, one hour) and sent as {@code Authorization: Bearer}; tokens are
 * fetched and refreshed off the event loops ({@link dev.tollgate.providers.auth}). Chat only: Vertex embeds through
 * {@code :predict} with another body, not translated yet. A type of its own, not a {@code gemini} option: other
 * required settings, URL shape and credential, and state.
 */
package dev.tollgate.providers.gemini;
