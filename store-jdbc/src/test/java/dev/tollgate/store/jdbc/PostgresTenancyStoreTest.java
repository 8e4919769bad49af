package dev.tollgate.store.jdbc;

class PostgresTenancyStoreTest extends TenancyStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }
}
