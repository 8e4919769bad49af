package dev.tollgate.core.secrets;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seals secrets for the database with AES-256-GCM: {@code v1:<key id>:<base64(nonce | ciphertext | tag)>}, a
 * fresh random 96-bit nonce per value. The version and key id are also the associated data, so an envelope
 * relabelled to another key or format fails authentication instead of decrypting to garbage. New values are
 * sealed with the current key; previous keys only open, which is what lets a rotation run while old envelopes
 * still exist. Thread-safe.
 */
public final class SecretBox {

    static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey current;
    private final Map<String, MasterKey> byId = new LinkedHashMap<>();

    public SecretBox(MasterKey current, List<MasterKey> previous) {
        this.current = current;
        byId.put(current.id(), current);
        previous.forEach(k -> byId.putIfAbsent(k.id(), k));
    }

    /** The id new envelopes carry. */
    public String currentKeyId() {
        return current.id();
    }

    /** Ids of every key this box can open with, the current one first. */
    public Set<String> keyIds() {
        return Set.copyOf(byId.keySet());
    }

    public static boolean isEnvelope(String value) {
        return value != null && value.startsWith(VERSION + ":") && value.indexOf(':', VERSION.length() + 1) > 0;
    }

    /** The key id an envelope names, or null if {@code value} is not an envelope. */
    public static String keyIdOf(String value) {
        if (!isEnvelope(value)) {
            return null;
        }
        int start = VERSION.length() + 1;
        return value.substring(start, value.indexOf(':', start));
    }

    public String seal(String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, current, nonce);
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + ":" + current.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** @throws SecretBoxException when the envelope is malformed, its key is not configured, or it was altered */
    public String open(String envelope) {
        String kid = keyIdOf(envelope);
        if (kid == null) {
            throw new SecretBoxException("not a sealed secret (expected " + VERSION + ":<key id>:<data>)");
        }
        MasterKey key = byId.get(kid);
        if (key == null) {
            throw new SecretBoxException("a secret is sealed with key id " + kid + ", which is neither "
                    + "TOLLGATE_SECRET_KEY (key id " + current.id() + ") nor a TOLLGATE_SECRET_KEY_PREVIOUS key");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(envelope.substring(VERSION.length() + kid.length() + 2));
        } catch (IllegalArgumentException e) {
            throw new SecretBoxException("a secret sealed with key id " + kid + " is not valid base64");
        }
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretBoxException("a secret sealed with key id " + kid + " is truncated");
        }
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(data, NONCE_BYTES));
            return new String(c.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretBoxException("a secret sealed with key id " + kid + " failed authentication: it was "
                    + "altered, or the key with this id is not the one that sealed it");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** True when {@code envelope} is sealed with a key other than the current one (a rotation rewrites it). */
    public boolean isStale(String envelope) {
        return !current.id().equals(keyIdOf(envelope));
    }

    private static Cipher cipher(int mode, MasterKey key, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD((VERSION + ":" + key.id()).getBytes(StandardCharsets.US_ASCII));
        return c;
    }

    /**
     * The box from the environment: {@code TOLLGATE_SECRET_KEY} (current) and {@code TOLLGATE_SECRET_KEY_PREVIOUS}
     * (zero or more keys, comma- or whitespace-separated). Null when no current key is set.
     */
    public static SecretBox fromEnvironment(java.util.function.Function<String, String> env) {
        String currentText = env.apply("TOLLGATE_SECRET_KEY");
        if (currentText == null || currentText.isBlank()) {
            return null;
        }
        MasterKey current = MasterKey.parse(currentText, "TOLLGATE_SECRET_KEY");
        List<MasterKey> previous = new ArrayList<>();
        String previousText = env.apply("TOLLGATE_SECRET_KEY_PREVIOUS");
        if (previousText != null) {
            int n = 0;
            for (String part : previousText.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    previous.add(MasterKey.parse(part, "TOLLGATE_SECRET_KEY_PREVIOUS[" + n++ + "]"));
                }
            }
        }
        return new SecretBox(current, previous);
    }
}
