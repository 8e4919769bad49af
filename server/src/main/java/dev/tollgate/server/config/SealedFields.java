package dev.tollgate.server.config;

import dev.tollgate.core.secrets.SecretBox;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Which values of a provider entry are secret, and the three things done to them: sealed for the database,
 * opened for the running configuration, masked for every API answer and audit entry. Secret are all
 * {@code keys}, headers whose name suggests a credential (e.g. {@code api-key}, {@code Authorization}) and
 * options whose name ends like one (e.g. {@code client_secret}); a name that merely mentions one, such as
 * {@code credentials_file} or {@code token_url}, is not.
 */
public final class SealedFields {

    private static final Pattern SECRET_HEADER = Pattern.compile("(?i).*(auth|key|token|secret|password|cookie).*");
    private static final Pattern SECRET_OPTION = Pattern.compile("(?i).*(secret|password|api_key|access_key|private_key|token|credentials)");
    /** Marks a masked hint, so that a hint sent back by mistake is refused rather than stored as a key. */
    public static final String ELLIPSIS = "…";

    private SealedFields() {
    }

    public static JsonObject seal(JsonObject provider, SecretBox box) {
        return map(provider, box::seal);
    }

    public static JsonObject open(JsonObject provider, SecretBox box) {
        return map(provider, v -> SecretBox.isEnvelope(v) ? box.open(v) : v);
    }

    public static JsonObject mask(JsonObject plainProvider) {
        return map(plainProvider, SealedFields::hint);
    }

    /** {@code sk-…abcd}: the first three and last four characters of a long value, nothing of a short one. */
    public static String hint(String value) {
        return value.length() >= 16 ? value.substring(0, 3) + ELLIPSIS + value.substring(value.length() - 4)
                : ELLIPSIS;
    }

    /** Paths of the secret values in {@code provider}, e.g. {@code keys[0]}, {@code options.client_secret}. */
    public static Set<String> paths(JsonObject provider) {
        Set<String> out = new TreeSet<>();
        JsonArray keys = provider.getValue("keys") instanceof JsonArray a ? a : new JsonArray();
        for (int i = 0; i < keys.size(); i++) {
            out.add("keys[" + i + "]");
        }
        fields(provider, "headers", SECRET_HEADER).forEach(n -> out.add("headers." + n));
        fields(provider, "options", SECRET_OPTION).forEach(n -> out.add("options." + n));
        return out;
    }

    /** Key ids of the envelopes in a stored entry. */
    public static Set<String> keyIds(JsonObject stored) {
        Set<String> out = new TreeSet<>();
        map(stored, v -> {
            String id = SecretBox.keyIdOf(v);
            if (id != null) {
                out.add(id);
            }
            return v;
        });
        return out;
    }

    private static Set<String> fields(JsonObject provider, String section, Pattern secret) {
        Set<String> out = new TreeSet<>();
        if (provider.getValue(section) instanceof JsonObject map) {
            map.fieldNames().stream().filter(n -> secret.matcher(n).matches() && map.getValue(n) instanceof String)
                    .forEach(out::add);
        }
        return out;
    }

    private static JsonObject map(JsonObject provider, UnaryOperator<String> f) {
        JsonObject out = provider.copy();
        if (out.getValue("keys") instanceof JsonArray keys) {
            JsonArray mapped = new JsonArray();
            keys.forEach(k -> mapped.add(k instanceof String s ? f.apply(s) : k));
            out.put("keys", mapped);
        }
        mapSection(out, "headers", SECRET_HEADER, f);
        mapSection(out, "options", SECRET_OPTION, f);
        return out;
    }

    private static void mapSection(JsonObject out, String section, Pattern secret, UnaryOperator<String> f) {
        if (out.getValue(section) instanceof JsonObject map) {
            for (String n : fields(out, section, secret)) {
                map.put(n, f.apply(map.getString(n)));
            }
        }
    }
}
