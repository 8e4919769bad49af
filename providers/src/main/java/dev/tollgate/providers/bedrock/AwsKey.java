package dev.tollgate.providers.bedrock;

import dev.tollgate.spi.Secret;

/**
 * One Bedrock provider key, {@code ACCESS_KEY_ID:SECRET_ACCESS_KEY} or
 * {@code ACCESS_KEY_ID:SECRET_ACCESS_KEY:SESSION_TOKEN} (temporary credentials from STS). Neither part of an
 * AWS key contains a colon, so the first two colons separate the parts; a session token is base64 and is
 * taken whole. {@link #toString()} never shows the secret parts.
 *
 * @param sessionToken null for long-term credentials
 */
record AwsKey(String accessKeyId, String secretAccessKey, String sessionToken) {

    /** @throws IllegalArgumentException when the key is not in that form (the message shows nothing of it) */
    static AwsKey parse(Secret key) {
        String value = key.reveal().strip();
        String[] parts = value.split(":", 3);
        if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()
                || (parts.length == 3 && parts[2].isBlank())) {
            throw new IllegalArgumentException("a bedrock provider key must be ACCESS_KEY_ID:SECRET_ACCESS_KEY"
                    + " or ACCESS_KEY_ID:SECRET_ACCESS_KEY:SESSION_TOKEN (key " + key.hint() + ")");
        }
        return new AwsKey(parts[0].strip(), parts[1].strip(), parts.length == 3 ? parts[2].strip() : null);
    }

    @Override
    public String toString() {
        return "AwsKey[" + accessKeyId + ", ****" + (sessionToken == null ? "" : ", session") + "]";
    }
}
