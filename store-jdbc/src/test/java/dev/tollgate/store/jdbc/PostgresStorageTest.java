package dev.tollgate.store.jdbc;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresStorageTest extends StorageContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }

    @Override
    protected String expectedDescription() {
        URI uri = URI.create(database.url());
        return "postgresql://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getPath();
    }

    /** The test server trusts every login, so any password is accepted and must stay hidden. */
    @Test
    void describeHidesAPasswordGivenAsParameter() {
        String url = database.url() + (database.url().contains("?") ? "&" : "?") + "password=s3cr3t-Pa55";
        try (JdbcStorage s = JdbcStorage.open(url)) {
            assertThat(s.isReachable()).isTrue();
            assertThat(s.describe()).isEqualTo(expectedDescription()).doesNotContain("s3cr3t");
            assertThat(s.toString()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void describeHidesAPasswordGivenAsUserInfoAndOtherSchemesWork() {
        URI uri = URI.create(database.url());
        String hostAndPath = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getPath();
        for (String url : new String[] {
                "postgres://postgres:s3cr3t%2FPa55@" + hostAndPath,
                "jdbc:postgresql://" + hostAndPath + "?user=postgres&password=s3cr3t-Pa55&sslmode=disable"}) {
            try (JdbcStorage s = JdbcStorage.open(url)) {
                assertThat(s.usage().count()).isZero();
                assertThat(s.describe()).isEqualTo(expectedDescription()).doesNotContain("s3cr3t");
            }
        }
    }
}
