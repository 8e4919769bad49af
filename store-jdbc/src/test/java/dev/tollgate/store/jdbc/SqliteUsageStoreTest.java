package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.UsageMaintenance;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteUsageStoreTest extends UsageStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.sqlite();
    }

    @Override
    protected void assertRetentionRun(UsageMaintenance run) {
        assertThat(run.partitionsCreated()).isEmpty();
        assertThat(run.partitionsDropped()).isEmpty();
        assertThat(run.eventsDeleted()).as("deleted row by row").isEqualTo(121);
    }
}
