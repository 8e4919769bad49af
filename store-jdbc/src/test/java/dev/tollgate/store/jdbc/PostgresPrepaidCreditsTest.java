package dev.tollgate.store.jdbc;

class PostgresPrepaidCreditsTest extends PrepaidCreditsContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }
}
