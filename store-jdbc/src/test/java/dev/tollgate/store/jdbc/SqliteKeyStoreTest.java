package dev.tollgate.store.jdbc;

class SqliteKeyStoreTest extends KeyStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.sqlite();
    }
}
