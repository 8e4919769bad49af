package dev.tollgate.it;

import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.BeforeAll;

/** {@link RelayModeBehaviour} on a SQLite file. */
class SqliteRelayModeTest extends RelayModeBehaviour {

    @BeforeAll
    static void start() {
        gw = GatewayHarness.sqlite();
        relay();
    }
}
