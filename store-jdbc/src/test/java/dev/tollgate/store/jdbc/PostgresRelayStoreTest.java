package dev.tollgate.store.jdbc;

class PostgresRelayStoreTest extends RelayStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }
}
