package dev.tollgate.it;

import dev.tollgate.testkit.GatewayHarness;
import dev.tollgate.testkit.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** {@link GatewayBehaviour} with usage booked to the PostgreSQL server the test script started. */
class PostgresGatewayTest extends GatewayBehaviour {

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(TestDatabases.postgresAvailable(), "no PostgreSQL: run ./tollgate test");
        gw = GatewayHarness.postgres();
    }
}
