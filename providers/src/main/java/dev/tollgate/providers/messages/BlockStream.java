package dev.tollgate.providers.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Chunks;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.TokenUsage;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The content blocks of a streamed Messages-shaped answer as canonical chunks. Each format reads its own
 * events and tells this what they mean; this keeps the open blocks by index and holds back only what a later
 * chunk needs: a thinking block's text until its signature arrives, sent at the block's end as one
 * {@code thinking_blocks} delta. Tool calls are numbered among tool calls only, and the JSON-mode tool's input
 * becomes {@code content}. Per call, one thread.
 */
public final class BlockStream {

    private enum Kind { TEXT, THINKING, REDACTED_THINKING, TOOL, JSON, OTHER }

    private static final class Block {
        final Kind kind;
        final int toolIndex;
        final StringBuilder thinking = new StringBuilder();
        final StringBuilder signature = new StringBuilder();
        String redactedData;
        ObjectNode redactedBlock;
        boolean sentInput;

        Block(Kind kind, int toolIndex) {
            this.kind = kind;
            this.toolIndex = toolIndex;
        }
    }

    private final long created;
    private final String jsonToolName;
    private final Map<Integer, Block> blocks = new HashMap<>();
    private Chunks chunks;
    private int toolCalls;
    private boolean reasoningSent;
    private boolean finished;
    private TokenUsage finalUsage;

    /** @param jsonToolName the JSON-mode tool, whose input is the answer's content, or null */
    public BlockStream(long created, String jsonToolName) {
        this.created = created;
        this.jsonToolName = jsonToolName;
    }

    public boolean started() {
        return chunks != null;
    }

    /** The role chunk, once: later calls change nothing. */
    public void start(String id, String model, Consumer<ObjectNode> emit) {
        if (chunks != null) {
            return;
        }
        chunks = new Chunks(id, created, model);
        emit.accept(chunks.role());
    }

    public boolean isOpen(int index) {
        return blocks.containsKey(index);
    }

    public void openText(int index) {
        blocks.put(index, new Block(Kind.TEXT, -1));
    }

    public void openThinking(int index) {
        blocks.put(index, new Block(Kind.THINKING, -1));
    }

    /** @param block the complete redacted block, sent as it is when it ends */
    public void openRedactedThinking(int index, ObjectNode block) {
        Block b = new Block(Kind.REDACTED_THINKING, -1);
        b.redactedBlock = block;
        blocks.put(index, b);
    }

    /** A block kind the canonical form has nothing for: its deltas and end are passed over. */
    public void openOther(int index) {
        blocks.put(index, new Block(Kind.OTHER, -1));
    }

    public void openTool(int index, String id, String name, Consumer<ObjectNode> emit) {
        if (name.equals(jsonToolName)) {
            blocks.put(index, new Block(Kind.JSON, -1));
            return;
        }
        Block block = new Block(Kind.TOOL, toolCalls++);
        blocks.put(index, block);
        emit.accept(chunks.toolCallStart(block.toolIndex, id, name));
    }

    public void text(String text, Consumer<ObjectNode> emit) {
        if (text != null && !text.isEmpty()) {
            emit.accept(chunks.content(text));
        }
    }

    /** Thinking text, sent at once as reasoning; a delta with no open block opens a thinking block. */
    public void thinking(int index, String text, Consumer<ObjectNode> emit) {
        Block block = blocks.computeIfAbsent(index, i -> new Block(Kind.THINKING, -1));
        if (text == null || text.isEmpty()) {
            return;
        }
        String sent = reasoningSent && block.thinking.isEmpty() ? AnswerBuilder.THINKING_SEPARATOR + text : text;
        block.thinking.append(text);
        reasoningSent = true;
        emit.accept(chunks.reasoning(sent));
    }

    public void signature(int index, String signature) {
        Block block = blocks.get(index);
        if (block != null && signature != null) {
            block.signature.append(signature);
        }
    }

    /** Redacted content arriving in pieces; a thinking block with it and no text ends as a redacted one. */
    public void redactedData(int index, String data) {
        Block block = blocks.get(index);
        if (block != null && data != null) {
            block.redactedData = block.redactedData == null ? data : block.redactedData + data;
        }
    }

    public void toolInput(int index, String partial, Consumer<ObjectNode> emit) {
        Block block = blocks.get(index);
        if (block == null || partial == null || partial.isEmpty()) {
            return;
        }
        if (block.kind == Kind.JSON) {
            block.sentInput = true;
            emit.accept(chunks.content(partial));
        } else if (block.kind == Kind.TOOL) {
            block.sentInput = true;
            emit.accept(chunks.toolCallArguments(block.toolIndex, partial));
        }
    }

    public void stop(int index, Consumer<ObjectNode> emit) {
        Block block = blocks.remove(index);
        if (block == null) {
            return;
        }
        switch (block.kind) {
            case THINKING -> {
                ObjectNode kept = Json.object();
                if (block.redactedData != null && block.thinking.isEmpty()) {
                    kept.put("type", "redacted_thinking");
                    kept.put("data", block.redactedData);
                } else {
                    kept.put("type", "thinking");
                    kept.put("thinking", block.thinking.toString());
                    kept.put("signature", block.signature.toString());
                }
                emit.accept(chunks.thinkingBlock(kept));
            }
            case REDACTED_THINKING -> emit.accept(chunks.thinkingBlock(block.redactedBlock));
            case TOOL -> {
                if (!block.sentInput) { // a tool without parameters: OpenAI's arguments are then "{}"
                    emit.accept(chunks.toolCallArguments(block.toolIndex, "{}"));
                }
            }
            case JSON -> {
                if (!block.sentInput) {
                    emit.accept(chunks.content("{}"));
                }
            }
            default -> {
            }
        }
    }

    /** Whether the answer calls tools for the client; the JSON-mode tool does not count. */
    public boolean hasToolCalls() {
        return toolCalls > 0;
    }

    /**
     * The final chunk and the usage-only chunk, once.
     *
     * @param usage the upstream's usage, or null when it reported none
     * @return the usage, or null when the upstream reported none
     */
    public TokenUsage finish(String finishReason, CacheAwareUsage usage, Consumer<ObjectNode> emit) {
        if (finished) {
            return finalUsage;
        }
        finished = true;
        if (chunks == null) {
            return null; // the stream never began: there is nothing to close
        }
        emit.accept(chunks.delta(Json.object(), finishReason));
        if (usage != null) {
            emit.accept(chunks.usage(usage.toOpenAi()));
            finalUsage = usage.toTokenUsage();
        }
        return finalUsage;
    }
}
