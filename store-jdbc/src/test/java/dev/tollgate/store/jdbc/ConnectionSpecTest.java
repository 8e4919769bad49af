package dev.tollgate.store.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionSpecTest {

    @Test
    void sqliteRelativePathResolvesAgainstWorkingDirectory() {
        ConnectionSpec spec = ConnectionSpec.parse("sqlite:data/tollgate.db");

        Path expected = Path.of("").toAbsolutePath().resolve("data/tollgate.db");
        assertThat(spec.dialect()).isSameAs(SqliteDialect.INSTANCE);
        assertThat(spec.sqliteFile()).isEqualTo(expected);
        assertThat(spec.jdbcUrl()).isEqualTo("jdbc:sqlite:" + expected);
        assertThat(spec.description()).isEqualTo("sqlite:data/tollgate.db");
        assertThat(spec.user()).isNull();
        assertThat(spec.password()).isNull();
    }

    @Test
    void sqliteAbsoluteAndJdbcForms() {
        assertThat(ConnectionSpec.parse("sqlite:/var/lib/tollgate/t.db").jdbcUrl())
                .isEqualTo("jdbc:sqlite:/var/lib/tollgate/t.db");
        ConnectionSpec jdbc = ConnectionSpec.parse("jdbc:sqlite:/tmp/x/../t.db");
        assertThat(jdbc.sqliteFile()).isEqualTo(Path.of("/tmp/t.db"));
        assertThat(jdbc.description()).isEqualTo("sqlite:/tmp/x/../t.db");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite:", "sqlite:   ", "sqlite::memory:", "sqlite:file:x.db?mode=memory"})
    void unusableSqliteUrlsAreRejected(String url) {
        assertThatThrownBy(() -> ConnectionSpec.parse(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "postgresql://db.internal:5433/tollgate?user=gw&password=hunter2",
            "postgres://db.internal:5433/tollgate?password=hunter2&user=gw",
            "jdbc:postgresql://db.internal:5433/tollgate?user=gw&password=hunter2",
            "postgresql://gw:hunter2@db.internal:5433/tollgate",
            "POSTGRESQL://gw:hunter2@db.internal:5433/tollgate"})
    void postgresFormsYieldTheSameConnection(String url) {
        ConnectionSpec spec = ConnectionSpec.parse(url);

        assertThat(spec.dialect()).isSameAs(PostgresDialect.INSTANCE);
        assertThat(spec.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/tollgate");
        assertThat(spec.user()).isEqualTo("gw");
        assertThat(spec.password()).isEqualTo("hunter2");
        assertThat(spec.description()).isEqualTo("postgresql://db.internal:5433/tollgate");
        assertThat(spec.toString()).doesNotContain("hunter2");
        assertThat(spec.sqliteFile()).isNull();
    }

    @Test
    void otherParametersPassToTheDriverWithoutCredentials() {
        ConnectionSpec spec = ConnectionSpec.parse(
                "postgresql://h1:5432,h2:5433/db?sslmode=require&user=u&password=p%40ss&targetServerType=primary");

        assertThat(spec.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/db?sslmode=require&targetServerType=primary");
        assertThat(spec.description()).isEqualTo("postgresql://h1:5432,h2:5433/db");
        assertThat(spec.password()).isEqualTo("p@ss");
    }

    @Test
    void credentialsArePercentDecodedButPlusStaysPlus() {
        ConnectionSpec spec = ConnectionSpec.parse("postgresql://us%65r:a+b%2Fc%3Fd%40e%C3%A9@[::1]:5432/db");

        assertThat(spec.user()).isEqualTo("user");
        assertThat(spec.password()).isEqualTo("a+b/c?d@eé");
        assertThat(spec.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
    }

    @Test
    void anUnencodedSlashInAUserInfoPasswordStaysOutOfHostAndDatabase() {
        ConnectionSpec spec = ConnectionSpec.parse("postgresql://u:pa/ss@host:5432/db?sslmode=disable");

        assertThat(spec.password()).isEqualTo("pa/ss");
        assertThat(spec.description()).isEqualTo("postgresql://host:5432/db");
        assertThat(spec.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db?sslmode=disable");
    }

    @Test
    void missingHostDefaultsToLocalhost() {
        assertThat(ConnectionSpec.parse("postgresql:///tollgate?user=u").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost/tollgate");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "mysql://u:hunter2@h/db",
            "hunter2",
            "u:hunter2@host/db",
            "postgresql:host/db?password=hunter2",
            "postgresql://host:5432?password=hunter2",
            "postgresql://host:5432/?password=hunter2",
            "postgresql://u:hun?ter2@host:5432/db",
            "postgresql://host:port/db?password=hunter2",
            "postgresql://u:%zzhunter2@host/db"})
    void malformedUrlsAreRejectedWithoutEchoingThePassword(String url) {
        assertThatThrownBy(() -> ConnectionSpec.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("hunter2").doesNotContain("ter2");
    }

    @Test
    void redactMasksThePassword() {
        ConnectionSpec spec = ConnectionSpec.parse("postgresql://h/db?user=u&password=hunter2");

        assertThat(spec.redact("auth failed for hunter2 at h")).isEqualTo("auth failed for **** at h");
        assertThat(ConnectionSpec.parse("sqlite:x.db").redact("text")).isEqualTo("text");
    }
}
