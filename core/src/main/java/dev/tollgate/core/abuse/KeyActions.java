package dev.tollgate.core.abuse;

/**
 * What an automatic action does to a key: suspension disables it through the same store operation as
 * {@code PATCH /admin/v1/keys/{id}} with {@code enabled=false}, audited as actor {@code system:abuse}. Must not
 * block the caller (the server runs it on a worker).
 */
@FunctionalInterface
public interface KeyActions {

    void suspend(String keyId, String reason);

    KeyActions NONE = (keyId, reason) -> { };
}
