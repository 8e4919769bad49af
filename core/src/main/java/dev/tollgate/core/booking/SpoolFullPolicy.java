package dev.tollgate.core.booking;

/** What the gateway does while its usage spool cannot take events ({@code usage.on_spool_full}). */
public enum SpoolFullPolicy {
    /**
     * Keep serving: events go to a bounded in-memory queue straight to the database (counted as unspooled);
     * a crash in that time loses them.
     */
    FAIL_OPEN,
    /** Refuse new calls with 503 until the spool has room again: no call goes unrecorded on disk. */
    FAIL_CLOSED;

    /** The configuration's spelling. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
