package dev.tollgate.it;

import org.junit.jupiter.api.BeforeAll;

/** {@link ProviderAdminBehaviour} on a SQLite file shared by two gateways. */
class SqliteProviderAdminTest extends ProviderAdminBehaviour {

    @BeforeAll
    static void start() {
        startTwo(null);
    }

    @Override
    String freshStorage() {
        return null;
    }
}
