package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

import java.util.Locale;
import java.util.Map;

/**
 * OpenAI media parts as Gemini parts: a {@code data:} URL becomes {@code inlineData} (base64 as is), a remote
 * URL becomes {@code fileData} with a MIME type guessed from its extension (Gemini requires one).
 */
final class MediaParts {

    private static final Map<String, String> IMAGE_TYPES = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp",
            "gif", "image/gif", "heic", "image/heic", "heif", "image/heif");
    private static final String DEFAULT_IMAGE_TYPE = "image/jpeg";

    private MediaParts() {
    }

    static ObjectNode image(JsonNode imageUrl, String path) throws TranslationException {
        String url = imageUrl != null && imageUrl.isTextual() ? imageUrl.asText() : Json.text(imageUrl, "url");
        if (url == null || url.isBlank()) {
            throw new TranslationException(path + ".url is required");
        }
        if (url.startsWith("data:")) {
            return inline(url, path + ".url");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("gs://")) {
            ObjectNode part = Json.object();
            ObjectNode file = part.putObject("fileData");
            file.put("mimeType", guessImageType(url));
            file.put("fileUri", url);
            return part;
        }
        throw new TranslationException(path + ".url must be an http(s) URL or a data: URL");
    }

    static ObjectNode audio(JsonNode audio, String path) throws TranslationException {
        String data = Json.text(audio, "data");
        String format = Json.text(audio, "format");
        if (data == null || data.isEmpty()) {
            throw new TranslationException(path + ".data is required");
        }
        if (format == null || format.isEmpty()) {
            throw new TranslationException(path + ".format is required");
        }
        return inlineData("audio/" + format.toLowerCase(Locale.ROOT), data);
    }

    static ObjectNode file(JsonNode file, String path) throws TranslationException {
        String data = Json.text(file, "file_data");
        if (data == null) {
            throw new TranslationException(path + ".file_data is required: Gemini cannot read OpenAI file ids");
        }
        if (!data.startsWith("data:")) {
            throw new TranslationException(path + ".file_data must be a data: URL");
        }
        return inline(data, path + ".file_data");
    }

    /** {@code data:<mime>;base64,<data>}. */
    private static ObjectNode inline(String url, String path) throws TranslationException {
        int comma = url.indexOf(',');
        String header = comma < 0 ? "" : url.substring("data:".length(), comma);
        if (comma < 0 || !header.endsWith(";base64")) {
            throw new TranslationException(path + " must be a base64 data: URL");
        }
        String mime = header.substring(0, header.length() - ";base64".length());
        int param = mime.indexOf(';');
        if (param >= 0) {
            mime = mime.substring(0, param);
        }
        if (mime.isEmpty()) {
            throw new TranslationException(path + " must name its media type");
        }
        return inlineData(mime, url.substring(comma + 1));
    }

    private static ObjectNode inlineData(String mimeType, String base64) {
        ObjectNode part = Json.object();
        ObjectNode inline = part.putObject("inlineData");
        inline.put("mimeType", mimeType);
        inline.put("data", base64);
        return part;
    }

    static String guessImageType(String url) {
        String path = url;
        int cut = path.indexOf('?');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        cut = path.indexOf('#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < slash) {
            return DEFAULT_IMAGE_TYPE;
        }
        return IMAGE_TYPES.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT_IMAGE_TYPE);
    }
}
