package dev.tollgate.it;

import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.BeforeAll;

/** {@link GatewayBehaviour} with usage booked to a SQLite file. */
class SqliteGatewayTest extends GatewayBehaviour {

    @BeforeAll
    static void start() {
        gw = GatewayHarness.sqlite();
    }
}
