package dev.tollgate.store.jdbc;

class PostgresLedgerStoreTest extends LedgerStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }
}
