package dev.tollgate.it;

import dev.tollgate.testkit.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** {@link ProviderAdminBehaviour} on the PostgreSQL server the test script started, two gateways on one database. */
class PostgresProviderAdminTest extends ProviderAdminBehaviour {

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(TestDatabases.postgresAvailable(), "no PostgreSQL: run ./tollgate test");
        startTwo(TestDatabases.freshPostgres());
    }

    @Override
    String freshStorage() {
        return TestDatabases.freshPostgres();
    }
}
