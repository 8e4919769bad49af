package dev.tollgate.store.jdbc;

/**
 * A database operation failed. Unchecked, so that callers of the blocking store interfaces need not
 * handle {@link java.sql.SQLException}. Messages name the database only by its
 * {@linkplain JdbcStorage#describe() description} and never contain a password.
 */
public class StorageException extends RuntimeException {

    private final boolean conflict;

    public StorageException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public StorageException(String message, Throwable cause, boolean conflict) {
        super(message, cause);
        this.conflict = conflict;
    }

    /**
     * True when the write was refused because it would violate a uniqueness constraint, e.g. creating a
     * key whose id or hash already exists.
     */
    public boolean isConflict() {
        return conflict;
    }
}
