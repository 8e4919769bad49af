package dev.tollgate.it;

import dev.tollgate.testkit.GatewayHarness;
import dev.tollgate.testkit.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** {@link RelayModeBehaviour} on the PostgreSQL server the test script started. */
class PostgresRelayModeTest extends RelayModeBehaviour {

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(TestDatabases.postgresAvailable(), "no PostgreSQL: run ./tollgate test");
        gw = GatewayHarness.postgres();
        relay();
    }
}
