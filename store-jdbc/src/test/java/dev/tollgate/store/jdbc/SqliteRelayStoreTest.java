package dev.tollgate.store.jdbc;

class SqliteRelayStoreTest extends RelayStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.sqlite();
    }
}
