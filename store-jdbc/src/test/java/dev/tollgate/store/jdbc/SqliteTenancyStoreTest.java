package dev.tollgate.store.jdbc;

class SqliteTenancyStoreTest extends TenancyStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.sqlite();
    }
}
