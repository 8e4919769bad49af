package dev.tollgate.core.secrets;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Start-up proof that the configured keys are the database's keys. The database keeps, per key id, a known
 * constant sealed with that key; a gateway refuses to start when the database has a check or a secret for a key
 * id it was not given, so a mistyped or lost {@code TOLLGATE_SECRET_KEY} fails at once and clearly rather than on
 * the first call to a provider. Messages carry key ids only.
 */
public final class KeyCheck {

    static final String CONSTANT = "tollgate-key-check-v1";

    private KeyCheck() {
    }

    /** The value to store for the box's current key. */
    public static String valueFor(SecretBox box) {
        return box.seal(CONSTANT);
    }

    /**
     * @param stored     key id → sealed check value, as in the database
     * @param sealedWith key ids of the envelopes in the database
     * @return true when the current key has no check yet and one should be stored
     * @throws SecretBoxException when the keys do not fit the database
     */
    public static boolean verify(SecretBox box, Map<String, String> stored, Set<String> sealedWith) {
        Set<String> missing = new TreeSet<>();
        stored.keySet().stream().filter(id -> !box.keyIds().contains(id)).forEach(missing::add);
        sealedWith.stream().filter(id -> !box.keyIds().contains(id)).forEach(missing::add);
        if (!missing.isEmpty()) {
            throw new SecretBoxException("TOLLGATE_SECRET_KEY does not match this database: its secrets are sealed "
                    + "with key id(s) " + missing + ", but the configured keys have id(s) " + new TreeSet<>(box.keyIds())
                    + " (current " + box.currentKeyId() + "). Start with the key the database was written with, "
                    + "or give it as TOLLGATE_SECRET_KEY_PREVIOUS and rotate (see docs/operations.md)");
        }
        for (Map.Entry<String, String> check : stored.entrySet()) {
            String opened;
            try {
                opened = box.open(check.getValue());
            } catch (SecretBoxException e) {
                opened = null;
            }
            if (!CONSTANT.equals(opened)) {
                throw new SecretBoxException("the key check for key id " + check.getKey() + " does not open with the "
                        + "configured key of that id: wrong key or an altered check value");
            }
        }
        return !stored.containsKey(box.currentKeyId());
    }
}
