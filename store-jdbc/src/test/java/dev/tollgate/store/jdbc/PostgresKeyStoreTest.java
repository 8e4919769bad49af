package dev.tollgate.store.jdbc;

class PostgresKeyStoreTest extends KeyStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }
}
