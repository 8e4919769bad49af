package dev.tollgate.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.tollgate.spi.store.Ownership;
import dev.tollgate.spi.store.ReportDimension;
import dev.tollgate.spi.store.ReportPeriod;
import dev.tollgate.spi.store.UsageReportQuery;
import dev.tollgate.spi.store.UsageReportRow;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** V10 on a database that already holds usage: the rollups are backfilled, and on PostgreSQL the events move into the partitioned table. */
class UsageMigrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void v10BackfillsTheRollupsAndKeepsEveryEvent(String dialect) throws Exception {
        try (TestDatabase database = dialect.equals("sqlite") ? TestDatabases.sqlite() : TestDatabases.postgres()) {
            ConnectionSpec spec = ConnectionSpec.parse(database.url());
            if (spec.sqliteFile() != null) {
                java.nio.file.Files.createDirectories(spec.sqliteFile().getParent());
            }
            try (HikariDataSource pool = new HikariDataSource(spec.dialect().poolConfig(spec))) {
                Flyway.configure(getClass().getClassLoader()).dataSource(pool)
                        .locations("classpath:" + spec.dialect().migrationLocation()).target("9").load().migrate();
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    String no = dialect.equals("sqlite") ? "0" : "FALSE";
                    for (int i = 0; i < 4; i++) {
                        s.executeUpdate("INSERT INTO usage_events (request_id, started_at, key_id, team_id, user_id, "
                                + "endpoint, model, provider, stream, prompt_tokens, completion_tokens, cached_tokens, "
                                + "reasoning_tokens, tokens_estimated, cost_nano_usd, latency_us, ttft_us, status, org_id, "
                                + "charge_nano_usd) VALUES ('old-" + i + "', " + (1_767_225_600_000L + i * 1_800_000L)
                                + ", 'k', " + (i % 2 == 0 ? "'t'" : "NULL") + ", NULL, 'CHAT_COMPLETIONS', 'm', 'p', " + no
                                + ", 10, 1, 0, 0, " + no + ", 100, 0, 0, " + (i == 3 ? 500 : 200) + ", 'o', " + (1000 + i) + ")");
                    }
                }
            }
            try (JdbcStorage storage = JdbcStorage.open(database.url())) {
                assertThat(storage.usage().count()).isEqualTo(4);
                List<UsageReportRow> rows = storage.usage().report(new UsageReportQuery(Instant.EPOCH,
                        Instant.parse("2100-01-01T00:00:00Z"), ReportPeriod.HOUR, List.of(ReportDimension.TEAM),
                        Ownership.ANY, null, null, null));
                assertThat(rows).extracting(r -> r.periodStart() + " " + r.dimensions().get(ReportDimension.TEAM) + " "
                        + r.totals().requests() + " " + r.totals().errors() + " " + r.totals().chargeNanoUsd())
                        .containsExactly("2026-01-01T00:00:00Z null 1 0 1001", "2026-01-01T00:00:00Z t 1 0 1000",
                                "2026-01-01T01:00:00Z null 1 1 1003", "2026-01-01T01:00:00Z t 1 0 1002");
                assertThat(storage.usage().chargedSince("org", "o", Instant.parse("2026-01-01T00:30:00Z")))
                        .isEqualTo(1001 + 1002 + 1003);
                if (dialect.equals("postgresql")) {
                    try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM usage_events_default")) {
                        rs.next();
                        assertThat(rs.getLong(1)).as("old events wait in the default partition").isEqualTo(4);
                    }
                }
            }
        }
    }
}
