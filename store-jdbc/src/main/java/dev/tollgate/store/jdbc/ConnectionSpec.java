package dev.tollgate.store.jdbc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed {@code storage.url}. Accepted forms:
 * <ul>
 *   <li>{@code sqlite:<path>} or {@code jdbc:sqlite:<path>}; a relative path is resolved against the working
 *       directory;</li>
 *   <li>{@code postgresql://host[:port][,host2[:port]]/db[?user=u&password=p&...]}, also spelled
 *       {@code postgres://} or {@code jdbc:postgresql://}; credentials may instead be given as
 *       {@code postgresql://u:p@host/db}. User and password are percent-decoded ({@code +} stays a plus);
 *       other query parameters (e.g. {@code sslmode}) are passed to the driver unchanged.</li>
 * </ul>
 * The password is held apart from {@link #jdbcUrl()} and {@link #description()}, neither of which ever
 * contains it; {@link #toString()} does not show it either.
 *
 * @param jdbcUrl     driver URL without credentials
 * @param user        database user, or null for the driver's default
 * @param password    database password, or null
 * @param description label for logs and messages, e.g. {@code postgresql://db:5432/tollgate}
 * @param sqliteFile  absolute database file for SQLite, else null
 */
record ConnectionSpec(Dialect dialect, String jdbcUrl, String user, String password, String description,
                      Path sqliteFile) {

    private static final String EXPECTED =
            "expected sqlite:<path> or postgresql://host:port/db?user=...&password=...";
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,20}");
    private static final Pattern HOST_PORT =
            Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?");

    static ConnectionSpec parse(String url) {
        Objects.requireNonNull(url, "storage url");
        String rest = url.strip();
        if (rest.regionMatches(true, 0, "jdbc:", 0, 5)) {
            rest = rest.substring(5);
        }
        int colon = rest.indexOf(':');
        String scheme = colon > 0 ? rest.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        String body = colon > 0 ? rest.substring(colon + 1) : "";
        return switch (scheme) {
            case "sqlite" -> sqlite(body);
            case "postgresql", "postgres" -> postgres(body);
            default -> throw new IllegalArgumentException(
                    (SCHEME.matcher(scheme).matches()
                            ? "unsupported storage URL scheme '" + scheme + "'"
                            : "storage URL has no recognisable scheme") + "; " + EXPECTED);
        };
    }

    private static ConnectionSpec sqlite(String path) {
        if (path.isBlank()) {
            throw new IllegalArgumentException("SQLite storage URL has no file path; " + EXPECTED);
        }
        if (path.startsWith(":memory:") || path.startsWith("file:")) {
            throw new IllegalArgumentException("SQLite storage URL must name a plain file path, not " +
                    (path.startsWith("file:") ? "a file: URI" : "an in-memory database") + "; " + EXPECTED);
        }
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("SQLite storage URL has an invalid file path: " + e.getReason());
        }
        file = (file.isAbsolute() ? file : Path.of("").toAbsolutePath().resolve(file)).normalize();
        return new ConnectionSpec(SqliteDialect.INSTANCE, "jdbc:sqlite:" + file, null, null, "sqlite:" + path, file);
    }

    private static ConnectionSpec postgres(String body) {
        if (!body.startsWith("//")) {
            throw new IllegalArgumentException("PostgreSQL storage URL must start with postgresql://; " + EXPECTED);
        }
        body = body.substring(2);
        String user = null;
        String password = null;
        // Userinfo ends at the last '@' before the query, so an unencoded '/' in a password does not
        // make it part of the host or database name.
        int question = body.indexOf('?');
        int at = body.lastIndexOf('@', question >= 0 ? question : body.length());
        if (at >= 0) {
            String info = body.substring(0, at);
            body = body.substring(at + 1);
            int c = info.indexOf(':');
            user = decode(c >= 0 ? info.substring(0, c) : info, "user");
            password = c >= 0 ? decode(info.substring(c + 1), "password") : null;
        }
        question = body.indexOf('?');
        String query = question >= 0 ? body.substring(question + 1) : "";
        String location = question >= 0 ? body.substring(0, question) : body;
        int slash = location.indexOf('/');
        String hosts = slash >= 0 ? location.substring(0, slash) : location;
        String database = slash >= 0 ? location.substring(slash + 1) : "";
        if (hosts.isEmpty()) {
            hosts = "localhost";
        }
        for (String host : hosts.split(",", -1)) {
            if (!HOST_PORT.matcher(host).matches()) {
                throw new IllegalArgumentException("PostgreSQL storage URL has an invalid host or port "
                        + "(percent-encode special characters in credentials); " + EXPECTED);
            }
        }
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("PostgreSQL storage URL must name one database; " + EXPECTED);
        }
        List<String> passThrough = new ArrayList<>();
        for (String param : query.split("&")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String name = decode(eq >= 0 ? param.substring(0, eq) : param, "parameter name");
            String value = eq >= 0 ? param.substring(eq + 1) : "";
            switch (name) {
                case "user" -> user = decode(value, "user");
                case "password" -> password = decode(value, "password");
                default -> passThrough.add(param);
            }
        }
        String jdbcUrl = "jdbc:postgresql://" + hosts + "/" + database
                + (passThrough.isEmpty() ? "" : "?" + String.join("&", passThrough));
        return new ConnectionSpec(PostgresDialect.INSTANCE, jdbcUrl, user, password,
                "postgresql://" + hosts + "/" + database, null);
    }

    /** Percent-decoding as in a URI: unlike form decoding, '+' stays '+'. */
    private static String decode(String s, String what) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            char ch = s.charAt(i);
            if (ch == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("PostgreSQL storage URL has a malformed %-escape in the " + what);
                }
                out.write(hi << 4 | lo);
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code text} with every occurrence of the password masked; for messages built from driver errors. */
    String redact(String text) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "****");
    }

    @Override
    public String toString() {
        return description;
    }
}
