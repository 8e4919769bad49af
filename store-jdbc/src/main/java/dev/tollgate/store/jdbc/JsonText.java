package dev.tollgate.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/** The JSON text columns (string lists and string maps) both dialects store. */
final class JsonText {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private JsonText() {
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode a field as JSON", e);
        }
    }

    static List<String> list(String json, String owner) {
        return read(json, STRING_LIST, List.of(), owner);
    }

    static Map<String, String> map(String json, String owner) {
        return read(json, STRING_MAP, Map.of(), owner);
    }

    private static <T> T read(String json, TypeReference<T> type, T ifNull, String owner) {
        if (json == null || json.isBlank()) {
            return ifNull;
        }
        try {
            T value = JSON.readValue(json, type);
            return value == null ? ifNull : value;
        } catch (JsonProcessingException e) {
            throw new StorageException(owner + " has malformed JSON in the database: " + e.getOriginalMessage(), e);
        }
    }
}
