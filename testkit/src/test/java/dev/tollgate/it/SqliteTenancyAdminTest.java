package dev.tollgate.it;

import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.BeforeAll;

/** {@link TenancyAdminBehaviour} on a SQLite file. */
class SqliteTenancyAdminTest extends TenancyAdminBehaviour {

    @BeforeAll
    static void start() {
        gw = GatewayHarness.sqlite();
        tenancy();
    }
}
