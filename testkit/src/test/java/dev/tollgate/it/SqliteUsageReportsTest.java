package dev.tollgate.it;

import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.BeforeAll;

/** {@link UsageReportsBehaviour} on a SQLite file. */
class SqliteUsageReportsTest extends UsageReportsBehaviour {

    @BeforeAll
    static void start() {
        gw = GatewayHarness.sqlite();
        setUp();
    }
}
