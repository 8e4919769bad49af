/**
 * Helpers the provider adapters share for reading and writing the canonical (OpenAI-compatible) form: JSON
 * plumbing ({@link dev.tollgate.providers.canonical.Json}), {@code chat.completion.chunk} builders
 * ({@link dev.tollgate.providers.canonical.Chunks}), canonical tool calls and their arguments
 * ({@link dev.tollgate.providers.canonical.ToolCalls}), the grouping of canonical messages into
 * alternating turns ({@link dev.tollgate.providers.canonical.Turns}), and for embeddings the checked OpenAI
 * request ({@link dev.tollgate.providers.canonical.EmbeddingRequest}), the OpenAI answer built from an upstream's
 * vectors ({@link dev.tollgate.providers.canonical.EmbeddingList}) and the base of translations that never
 * stream ({@link dev.tollgate.providers.canonical.UnstreamedTranslation}).
 *
 * <p>Only what means the same for every provider belongs here. What a provider does its own way (its wire
 * format, its limits, its error wording, how it treats blank text) stays in that provider's package, even when
 * the code looks alike. What the Messages-shaped formats (Anthropic, Bedrock Converse) share beyond this is in
 * {@code dev.tollgate.providers.messages}.
 */
package dev.tollgate.providers.canonical;
