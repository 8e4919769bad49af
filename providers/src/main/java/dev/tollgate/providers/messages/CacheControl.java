package dev.tollgate.providers.messages;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code cache_control} extension on canonical parts, messages and tools. */
public final class CacheControl {

    private CacheControl() {
    }

    /** Whether {@code node} asks for a cache breakpoint: only an object counts, as Anthropic defines it. */
    public static boolean present(JsonNode node) {
        JsonNode cache = node == null ? null : node.get("cache_control");
        return cache != null && cache.isObject();
    }
}
