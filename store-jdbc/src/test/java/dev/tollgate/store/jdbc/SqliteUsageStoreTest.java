package dev.tollgate.store.jdbc;

class SqliteUsageStoreTest extends UsageStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.sqlite();
    }
}
