package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.DataUrl;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OpenAI content parts ({@code text}, {@code image_url}, {@code file}) as Converse content blocks, which are
 * keyed by shape rather than tagged: {@code {"text":…}}, {@code {"image":{"format","source":{"bytes"}}}},
 * {@code {"document":{"format","name","source":{"bytes"}}}}, and {@code {"cachePoint":{"type":"default"}}}
 * after a part that carries {@code cache_control}. Converse takes media only inline (base64 in JSON); it
 * refuses empty text blocks, so empty text parts are left out. One instance per request: it numbers the
 * documents that have no usable file name (Converse wants every document named).
 */
final class ContentBlocks {

    static final Map<String, String> IMAGE_FORMATS = Map.of(
            "image/png", "png", "image/jpeg", "jpeg", "image/jpg", "jpeg", "image/gif", "gif", "image/webp", "webp");

    static final Map<String, String> DOCUMENT_FORMATS = Map.of(
            "application/pdf", "pdf",
            "text/csv", "csv",
            "application/msword", "doc",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
            "application/vnd.ms-excel", "xls",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
            "text/html", "html",
            "text/plain", "txt",
            "text/markdown", "md");

    /** What Converse allows in a document name: letters, digits, single spaces, hyphens, parentheses, brackets. */
    private static final Pattern NAME_DISALLOWED = Pattern.compile("[^A-Za-z0-9 \\-()\\[\\]]+");

    private int documents;

    static ObjectNode text(String text) {
        ObjectNode block = Json.object();
        block.put("text", text);
        return block;
    }

    static ObjectNode cachePoint() {
        ObjectNode block = Json.object();
        block.putObject("cachePoint").put("type", "default");
        return block;
    }

    /**
     * One part of a user or tool message: its block, or null for a part that carries nothing (empty text).
     * A part's {@code cache_control} becomes a {@code cachePoint} that the caller puts after the block.
     */
    ObjectNode userPart(JsonNode part, String path) throws TranslationException {
        if (!part.isObject()) {
            throw new TranslationException(path + " must be an object");
        }
        String type = Json.text(part, "type");
        return switch (type == null ? "" : type) {
            case "text" -> {
                String text = Json.text(part, "text");
                if (text == null) {
                    throw new TranslationException(path + ".text must be a string");
                }
                yield text.isBlank() ? null : text(text);
            }
            case "image_url" -> image(part.get("image_url"), path + ".image_url");
            case "file" -> document(part.get("file"), path + ".file");
            default -> throw new TranslationException(path + ".type '" + type
                    + "' is not supported by Bedrock (text, image_url and file are)");
        };
    }

    /** Only {@code data:} URLs: Converse takes image bytes, never a URL to fetch. */
    private static ObjectNode image(JsonNode imageUrl, String path) throws TranslationException {
        String url = imageUrl == null ? null : imageUrl.isTextual() ? imageUrl.asText() : Json.text(imageUrl, "url");
        if (url == null) {
            throw new TranslationException(path + ".url is required");
        }
        if (url.startsWith("https://") || url.startsWith("http://")) {
            throw new TranslationException(path + ".url: Bedrock accepts only inline images (base64 data: URLs),"
                    + " not links to fetch");
        }
        DataUrl data = DataUrl.parse(url, path + ".url");
        String format = IMAGE_FORMATS.get(data.mediaType());
        if (format == null) {
            throw new TranslationException(path + ".url has media type '" + data.mediaType()
                    + "'; Bedrock accepts image/png, image/jpeg, image/gif and image/webp");
        }
        ObjectNode block = Json.object();
        ObjectNode image = block.putObject("image");
        image.put("format", format);
        image.putObject("source").put("bytes", data.base64());
        return block;
    }

    /** A {@code file} part with inline {@code file_data}, in one of the document formats Converse reads. */
    private ObjectNode document(JsonNode file, String path) throws TranslationException {
        String fileData = file == null ? null : Json.text(file, "file_data");
        if (fileData == null) {
            throw new TranslationException(path + ".file_data is required (uploaded file ids cannot be sent to Bedrock)");
        }
        DataUrl data = DataUrl.parse(fileData, path + ".file_data");
        String format = DOCUMENT_FORMATS.get(data.mediaType());
        if (format == null) {
            throw new TranslationException(path + ".file_data has media type '" + data.mediaType()
                    + "'; Bedrock accepts " + String.join(", ", DOCUMENT_FORMATS.keySet().stream().sorted().toList()));
        }
        ObjectNode block = Json.object();
        ObjectNode document = block.putObject("document");
        document.put("format", format);
        document.put("name", documentName(Json.text(file, "filename")));
        document.putObject("source").put("bytes", data.base64());
        return block;
    }

    /** The file name without its extension and with what Converse refuses replaced, else {@code document-N}. */
    private String documentName(String filename) {
        documents++;
        if (filename != null) {
            String base = filename.contains(".") ? filename.substring(0, filename.lastIndexOf('.')) : filename;
            String clean = NAME_DISALLOWED.matcher(base).replaceAll("-").replaceAll("\\s+", " ").strip();
            if (!clean.isEmpty() && !clean.chars().allMatch(c -> c == '-')) {
                return clean.length() > 200 ? clean.substring(0, 200) : clean;
            }
        }
        return "document-" + documents;
    }

}
