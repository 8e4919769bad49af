package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.providers.canonical.Json;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Bedrock's error body, {@code {"message":"…"}} (a few AWS front-end errors spell it {@code Message}); the
 * error's type travels in the {@code x-amzn-ErrorType} header, which the gateway does not hand over, so the
 * status decides. Messages are scrubbed of what could identify the gateway's account or credentials before
 * they reach a client: access key ids ({@code AKIA…}, {@code ASIA…}), secret-key-shaped strings (40 base64
 * characters), account ids inside ARNs, and other vendors' key shapes; then capped.
 */
final class BedrockErrorBody {

    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA)[A-Z0-9]{12,20}\\b");
    /** An AWS secret access key is 40 characters of base64; a session token is far longer. */
    private static final Pattern SECRET_SHAPED = Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40,}(?![A-Za-z0-9/+=])");
    /** {@code arn:aws:bedrock:us-east-1:123456789012:…}: the account id goes, the rest stays readable. */
    private static final Pattern ARN_ACCOUNT = Pattern.compile("(arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:)\\d{12}(?=:)");
    private static final Pattern OTHER_KEY = Pattern.compile("\\b(sk|tg|rk)-[A-Za-z0-9_\\-*]{6,}");
    private static final int MAX_MESSAGE = 1000;

    private BedrockErrorBody() {
    }

    /** The scrubbed message of an error body, or null when the body has none. */
    static String message(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return message(Json.MAPPER.readTree(body));
        } catch (IOException e) {
            return null;
        }
    }

    /** The scrubbed message of a parsed error body or exception event, or null. */
    static String message(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        String message = Json.text(root, "message");
        if (message == null) {
            message = Json.text(root, "Message");
        }
        return message == null || message.isBlank() ? null : scrub(message);
    }

    static String scrub(String message) {
        String clean = ACCESS_KEY_ID.matcher(message).replaceAll("[redacted]");
        clean = SECRET_SHAPED.matcher(clean).replaceAll("[redacted]");
        clean = ARN_ACCOUNT.matcher(clean).replaceAll("$1[redacted]");
        clean = OTHER_KEY.matcher(clean).replaceAll("[redacted]");
        return clean.length() > MAX_MESSAGE ? clean.substring(0, MAX_MESSAGE) + "…" : clean;
    }
}
