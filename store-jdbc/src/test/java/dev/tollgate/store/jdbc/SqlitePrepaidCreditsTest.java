package dev.tollgate.store.jdbc;

class SqlitePrepaidCreditsTest extends PrepaidCreditsContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.sqlite();
    }
}
