/**
 * Helpers the provider adapters share for reading and writing the canonical (OpenAI-compatible) form: JSON
 * plumbing ({@link dev.tollgate.providers.canonical.Json}), {@code chat.completion.chunk} builders
 * ({@link dev.tollgate.providers.canonical.Chunks}), canonical tool calls and their arguments
 * ({@link dev.tollgate.providers.canonical.ToolCalls}), and the grouping of canonical messages into
 * alternating turns ({@link dev.tollgate.providers.canonical.Turns}).
 *
 * <p>Only what means the same for every provider belongs here. What a provider does its own way (its wire
 * format, its limits, its error wording, how it treats blank text) stays in that provider's package, even when
 * the code looks alike.
 */
package dev.tollgate.providers.canonical;
