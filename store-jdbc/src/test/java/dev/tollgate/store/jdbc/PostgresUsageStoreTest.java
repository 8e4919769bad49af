package dev.tollgate.store.jdbc;

class PostgresUsageStoreTest extends UsageStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }
}
