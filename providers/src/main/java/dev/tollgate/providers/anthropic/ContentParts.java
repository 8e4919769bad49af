package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.DataUrl;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** OpenAI content parts ({@code text}, {@code image_url}, {@code file}) as Anthropic content blocks. */
final class ContentParts {

    private ContentParts() {
    }

    static ObjectNode text(String text) {
        ObjectNode block = Json.object();
        block.put("type", "text");
        block.put("text", text);
        return block;
    }

    /**
     * One part of a user or tool message, or null for a part that carries nothing (empty text, which
     * Anthropic refuses). {@code cache_control} on the part is kept.
     */
    static ObjectNode userPart(JsonNode part, String path) throws TranslationException {
        if (!part.isObject()) {
            throw new TranslationException(path + " must be an object");
        }
        String type = Json.text(part, "type");
        ObjectNode block = switch (type == null ? "" : type) {
            case "text" -> {
                String text = Json.text(part, "text");
                if (text == null) {
                    throw new TranslationException(path + ".text must be a string");
                }
                yield text.isEmpty() ? null : text(text);
            }
            case "image_url" -> image(part.get("image_url"), path + ".image_url");
            case "file" -> document(part.get("file"), path + ".file");
            default -> throw new TranslationException(path + ".type '" + type
                    + "' is not supported by Anthropic (text, image_url and file are)");
        };
        cacheControl(part, block);
        return block;
    }

    /** Copies the part's {@code cache_control} onto the block. */
    static void cacheControl(JsonNode from, ObjectNode block) {
        JsonNode cache = from.get("cache_control");
        if (block != null && cache != null && cache.isObject()) {
            block.set("cache_control", cache.deepCopy());
        }
    }

    /** {@code data:} URLs become base64 sources, {@code http(s)} URLs URL sources. */
    private static ObjectNode image(JsonNode imageUrl, String path) throws TranslationException {
        String url = imageUrl == null ? null : imageUrl.isTextual() ? imageUrl.asText() : Json.text(imageUrl, "url");
        if (url == null) {
            throw new TranslationException(path + ".url is required");
        }
        ObjectNode block = Json.object();
        block.put("type", "image");
        if (url.startsWith("data:")) {
            DataUrl data = DataUrl.parse(url, path + ".url");
            ObjectNode source = block.putObject("source");
            source.put("type", "base64");
            source.put("media_type", data.mediaType());
            source.put("data", data.base64());
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            ObjectNode source = block.putObject("source");
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw new TranslationException(path + ".url must be a data: URL or an http(s) URL");
        }
        return block;
    }

    /** A {@code file} part with inline {@code file_data}: PDFs go as base64, plain text as text. */
    private static ObjectNode document(JsonNode file, String path) throws TranslationException {
        String fileData = file == null ? null : Json.text(file, "file_data");
        if (fileData == null) {
            throw new TranslationException(path + ".file_data is required (uploaded file ids cannot be sent to Anthropic)");
        }
        DataUrl data = DataUrl.parse(fileData, path + ".file_data");
        ObjectNode block = Json.object();
        block.put("type", "document");
        ObjectNode source = block.putObject("source");
        switch (data.mediaType()) {
            case "application/pdf" -> {
                source.put("type", "base64");
                source.put("media_type", "application/pdf");
                source.put("data", data.base64());
            }
            case "text/plain" -> {
                source.put("type", "text");
                source.put("media_type", "text/plain");
                try {
                    source.put("data", new String(Base64.getDecoder().decode(data.base64()), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new TranslationException(path + ".file_data is not valid base64");
                }
            }
            default -> throw new TranslationException(path + ".file_data has media type '" + data.mediaType()
                    + "'; Anthropic accepts application/pdf and text/plain documents");
        }
        String filename = Json.text(file, "filename");
        if (filename != null && !filename.isBlank()) {
            block.put("title", filename);
        }
        return block;
    }

}
