package dev.tollgate.store.jdbc;

class SqliteLedgerStoreTest extends LedgerStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.sqlite();
    }
}
