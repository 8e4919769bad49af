package dev.tollgate.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.tollgate.spi.store.AdminKeyStore;
import dev.tollgate.spi.store.AuditStore;
import dev.tollgate.spi.store.ConfigEntryStore;
import dev.tollgate.spi.store.CreditStore;
import dev.tollgate.spi.store.PricingGroupStore;
import dev.tollgate.spi.store.IdempotencyStore;
import dev.tollgate.spi.store.KeyStore;
import dev.tollgate.spi.store.TenancyStore;
import dev.tollgate.spi.store.Storage;
import dev.tollgate.spi.store.UsageStore;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Storage} on SQLite or PostgreSQL through JDBC, a HikariCP pool and Flyway-managed schema.
 *
 * <p>{@link #open(String)} parses the URL (see below), creates the pool, applies pending migrations from
 * {@code db/migration/<dialect>} and fails with a {@link StorageException} if the database cannot be
 * reached or migrated. Accepted URLs:
 * <ul>
 *   <li>{@code sqlite:<path>} or {@code jdbc:sqlite:<path>}: a relative path is resolved against the working
 *       directory; missing parent directories are created;</li>
 *   <li>{@code postgresql://host:port/db?user=u&password=p}, also {@code postgres://...},
 *       {@code jdbc:postgresql://...} and {@code postgresql://u:p@host:port/db}; other query parameters
 *       such as {@code sslmode} go to the driver.</li>
 * </ul>
 * Times are stored as epoch milliseconds, so instants read back are truncated to the millisecond.
 *
 * <p>Thread-safe: the pool hands each call its own connection and the stores hold no other state. All
 * methods block on I/O; call them off the event loop. {@link #describe()} and every exception message name
 * the database without its password.
 */
public final class JdbcStorage implements Storage {

    private static final Logger log = LoggerFactory.getLogger(JdbcStorage.class);

    private final Database database;
    private final JdbcKeyStore keys;
    private final JdbcUsageStore usage;
    private final JdbcTenancyStore tenancy;
    private final JdbcAdminKeyStore adminKeys;
    private final JdbcAuditStore audit;
    private final JdbcIdempotencyStore idempotency;
    private final JdbcConfigEntryStore configEntries;
    private final JdbcLedgerStore ledger;
    private final JdbcPricingGroupStore pricingGroups;
    private final JdbcCreditStore credits;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcStorage(Database database) {
        this.database = database;
        this.keys = new JdbcKeyStore(database);
        this.usage = new JdbcUsageStore(database);
        this.tenancy = new JdbcTenancyStore(database);
        this.adminKeys = new JdbcAdminKeyStore(database);
        this.audit = new JdbcAuditStore(database);
        this.idempotency = new JdbcIdempotencyStore(database);
        this.configEntries = new JdbcConfigEntryStore(database);
        this.ledger = new JdbcLedgerStore(database);
        this.pricingGroups = new JdbcPricingGroupStore(database);
        this.credits = new JdbcCreditStore(database);
    }

    /**
     * Opens the database at {@code url}, migrating its schema to the current version.
     *
     * @throws IllegalArgumentException if the URL is malformed or of an unsupported kind
     * @throws StorageException         if the database cannot be reached, created or migrated
     */
    public static JdbcStorage open(String url) {
        ConnectionSpec spec = ConnectionSpec.parse(Objects.requireNonNull(url, "url"));
        if (spec.sqliteFile() != null) {
            createParentDirectories(spec);
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(spec.dialect().poolConfig(spec));
        } catch (RuntimeException e) {
            throw new StorageException(Database.message(spec, "connecting", e), e);
        }
        try {
            migrate(spec, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e instanceof StorageException se ? se
                    : new StorageException(Database.message(spec, "migrating the schema", e), e);
        }
        return new JdbcStorage(new Database(spec, pool));
    }

    private static void createParentDirectories(ConnectionSpec spec) {
        Path parent = spec.sqliteFile().getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new StorageException(Database.message(spec, "creating the database directory", e), e);
            }
        }
    }

    private static void migrate(ConnectionSpec spec, DataSource pool) {
        MigrateResult result = Flyway.configure(JdbcStorage.class.getClassLoader())
                .dataSource(pool)
                .locations("classpath:" + spec.dialect().migrationLocation())
                .failOnMissingLocations(true)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("Migrated {} from version {} to {} ({} migrations)", spec.description(),
                    result.initialSchemaVersion == null ? "<empty>" : result.initialSchemaVersion,
                    result.targetSchemaVersion, result.migrationsExecuted);
        } else {
            log.debug("Schema of {} is up to date", spec.description());
        }
    }

    @Override
    public KeyStore keys() {
        return keys;
    }

    @Override
    public UsageStore usage() {
        return usage;
    }

    @Override
    public TenancyStore tenancy() {
        return tenancy;
    }

    @Override
    public AdminKeyStore adminKeys() {
        return adminKeys;
    }

    @Override
    public AuditStore audit() {
        return audit;
    }

    @Override
    public IdempotencyStore idempotency() {
        return idempotency;
    }

    @Override
    public ConfigEntryStore configEntries() {
        return configEntries;
    }

    @Override
    public dev.tollgate.spi.store.LedgerStore ledger() {
        return ledger;
    }

    /** Validates a pooled connection; may wait up to the pool's connection timeout when the database is down. */
    @Override
    public PricingGroupStore pricingGroups() {
        return pricingGroups;
    }

    @Override
    public CreditStore credits() {
        return credits;
    }

    @Override
    public boolean isReachable() {
        if (closed.get()) {
            return false;
        }
        try (Connection connection = database.pool().getConnection()) {
            return connection.isValid(2);
        } catch (Exception e) {
            log.debug("{} is not reachable: {}", describe(), database.spec().redact(e.getMessage()));
            return false;
        }
    }

    /** {@code sqlite:<path as given>} or {@code postgresql://host:port/db}; never credentials. */
    @Override
    public String describe() {
        return database.spec().description();
    }

    /** Closes the pool; idempotent. Later calls on the stores fail with {@link StorageException}. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            database.pool().close();
        }
    }

    /** The pool, for tests in this package. */
    DataSource dataSource() {
        return database.pool();
    }

    @Override
    public String toString() {
        return "JdbcStorage[" + describe() + "]";
    }
}
