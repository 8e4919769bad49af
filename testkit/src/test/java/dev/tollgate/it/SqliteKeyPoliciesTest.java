package dev.tollgate.it;

import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.BeforeAll;

/** {@link KeyPoliciesBehaviour} on a SQLite file. */
class SqliteKeyPoliciesTest extends KeyPoliciesBehaviour {

    @BeforeAll
    static void start() {
        gw = GatewayHarness.sqlite();
    }
}
