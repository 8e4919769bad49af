package dev.tollgate.store.jdbc;

/** A throwaway database for one test class: its storage URL, and cleanup. */
interface TestDatabase extends AutoCloseable {

    String url();

    /** Drops or deletes the database. */
    @Override
    void close();
}
