/**
 * What the Messages-shaped wire formats share: Anthropic Messages ({@code dev.tollgate.providers.anthropic})
 * and Bedrock Converse ({@code dev.tollgate.providers.bedrock}) both carry turns of content blocks (text,
 * image, tool use, tool result, signed thinking, redacted thinking, cache markers), stream block deltas, stop
 * with a reason and count cache reads and writes apart from input. Only the field names and a few rules
 * differ, so the walking and accumulating lives here once and each format supplies its words:
 * <ul>
 *   <li>Requests: {@link dev.tollgate.providers.messages.ConversationTranslator} walks the canonical
 *       {@code messages} into alternating turns and asks the format's
 *       {@link dev.tollgate.providers.messages.BlockFormat} for each block; tools are read by
 *       {@link dev.tollgate.providers.messages.FunctionTool}, {@code response_format} by
 *       {@link dev.tollgate.providers.messages.JsonModeTool}, {@code tool_choice} by
 *       {@link dev.tollgate.providers.messages.ToolChoice}, thinking by
 *       {@link dev.tollgate.providers.messages.Thinking} and the remaining fields by
 *       {@link dev.tollgate.providers.messages.RequestFields}.</li>
 *   <li>Answers: the format reads its blocks and an {@link dev.tollgate.providers.messages.AnswerBuilder}
 *       makes the {@code chat.completion}; in a stream the format reads its events and a
 *       {@link dev.tollgate.providers.messages.BlockStream} makes the chunks. Usage is a
 *       {@link dev.tollgate.providers.messages.CacheAwareUsage} read with the format's field names.</li>
 * </ul>
 *
 * <p>What stays with a format: its field names and block shapes, how it marks a cache breakpoint (a
 * {@code cache_control} on the block, or a {@code cachePoint} block after it), what it counts as empty text,
 * its stop reasons, its event framing and error bodies, its content parts (media it takes) and its request
 * envelope (where thinking and sampling fields go).
 */
package dev.tollgate.providers.messages;
