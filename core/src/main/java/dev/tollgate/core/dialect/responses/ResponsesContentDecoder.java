package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.openai.MalformedRequestException;

import java.util.List;
import java.util.Set;

/**
 * Content parts of Responses input messages as canonical (Chat Completions) content parts:
 * {@code input_text} and {@code output_text} → {@code text}, {@code refusal} → {@code refusal},
 * {@code input_image} with an {@code image_url} (a URL or a {@code data:} URL) → {@code image_url},
 * {@code input_file} with {@code file_data} → {@code file}. Files and images given by {@code file_id} (or
 * {@code file_url}) are refused: they name objects stored at OpenAI, which no other upstream can read.
 */
final class ResponsesContentDecoder {

    /** The image detail levels Chat Completions knows ({@code original} is Responses-only and dropped). */
    private static final Set<String> IMAGE_DETAILS = Set.of("auto", "low", "high");

    private ResponsesContentDecoder() {
    }

    /** One part of a {@code user}, {@code system} or {@code developer} message, or of a function call's output. */
    static ObjectNode inputPart(JsonNode part, String path, String where) throws MalformedRequestException {
        String type = partType(part, path);
        return switch (type) {
            case "input_text" -> textPart(required(part, "text", path));
            case "input_image" -> imagePart(part, path);
            case "input_file" -> filePart(part, path);
            default -> throw new MalformedRequestException("'" + path + ".type': content parts of type '" + type
                    + "' are not allowed in " + where + ".", path + ".type");
        };
    }

    /** One part of an {@code assistant} message: output text (or input text) and refusals. */
    static ObjectNode assistantPart(JsonNode part, String path) throws MalformedRequestException {
        String type = partType(part, path);
        return switch (type) {
            case "output_text", "input_text" -> textPart(required(part, "text", path));
            case "refusal" -> {
                ObjectNode out = ResponsesJson.object();
                out.put("type", "refusal");
                out.put("refusal", required(part, "refusal", path));
                yield out;
            }
            default -> throw new MalformedRequestException("'" + path + ".type': content parts of type '" + type
                    + "' are not allowed in assistant messages.", path + ".type");
        };
    }

    /** Canonical content: a plain string for a single text part, otherwise the parts. */
    static JsonNode content(List<ObjectNode> parts) {
        if (parts.size() == 1 && "text".equals(ResponsesJson.text(parts.getFirst(), "type"))) {
            return parts.getFirst().get("text");
        }
        ArrayNode array = ResponsesJson.NODES.arrayNode();
        parts.forEach(array::add);
        return array;
    }

    static ObjectNode textPart(String text) {
        ObjectNode out = ResponsesJson.object();
        out.put("type", "text");
        out.put("text", text);
        return out;
    }

    private static ObjectNode imagePart(JsonNode part, String path) throws MalformedRequestException {
        if (!ResponsesJson.absent(part, "file_id")) {
            throw new MalformedRequestException("'" + path + ".file_id': images given by file id cannot be used through"
                    + " this gateway; send the image as 'image_url' (a URL or a data: URL).", path + ".file_id");
        }
        String url = ResponsesJson.text(part, "image_url");
        if (!ResponsesJson.isNonEmpty(url)) {
            throw new MalformedRequestException("'" + path + ".image_url' is required and must be a URL or a data: URL.",
                    path + ".image_url");
        }
        ObjectNode out = ResponsesJson.object();
        out.put("type", "image_url");
        ObjectNode image = out.putObject("image_url");
        image.put("url", url);
        String detail = ResponsesJson.text(part, "detail");
        if (detail != null && IMAGE_DETAILS.contains(detail)) {
            image.put("detail", detail);
        }
        return out;
    }

    private static ObjectNode filePart(JsonNode part, String path) throws MalformedRequestException {
        for (String field : List.of("file_id", "file_url")) {
            if (!ResponsesJson.absent(part, field)) {
                throw new MalformedRequestException("'" + path + "." + field + "': files given by "
                        + field.replace('_', ' ') + " cannot be used through this gateway; send the file's content as"
                        + " 'file_data' (a data: URL).", path + "." + field);
            }
        }
        String data = ResponsesJson.text(part, "file_data");
        if (!ResponsesJson.isNonEmpty(data)) {
            throw new MalformedRequestException("'" + path + ".file_data' is required and must be a string.",
                    path + ".file_data");
        }
        ObjectNode out = ResponsesJson.object();
        out.put("type", "file");
        ObjectNode file = out.putObject("file");
        String filename = ResponsesJson.text(part, "filename");
        if (filename != null) {
            file.put("filename", filename);
        }
        file.put("file_data", data);
        return out;
    }

    private static String partType(JsonNode part, String path) throws MalformedRequestException {
        if (part == null || !part.isObject()) {
            throw new MalformedRequestException("'" + path + "' must be a content part object.", path);
        }
        return required(part, "type", path);
    }

    /** A required string field; the error names {@code path.field}. */
    static String required(JsonNode node, String field, String path) throws MalformedRequestException {
        String value = ResponsesJson.text(node, field);
        if (value == null) {
            String where = path.isEmpty() ? field : path + "." + field;
            throw new MalformedRequestException("'" + where + "' is required and must be a string.", where);
        }
        return value;
    }
}
