package dev.tollgate.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.core.config.ConfigException;
import dev.tollgate.core.config.ConfigLoader;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.secrets.SecretBox;
import dev.tollgate.spi.store.ConfigEntry;
import dev.tollgate.spi.store.ConfigEntryStore;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The effective configuration: the file merged with the providers and model groups in the database (file entries
 * win by name; see docs/configuration.md, "File and database"). Both inputs change on their own threads (the
 * file watcher, the database poller), so each rebuild and its hand-over to the running gateway happen under one
 * lock: otherwise a slower rebuild from older inputs could replace a newer one. The admin API validates a
 * proposed change here before committing it. Thread-safe.
 */
public final class ConfigSources {

    /** Numbers as exact decimals: price entries are money. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Path file;
    private final ConfigLoader loader;
    private final ConfigEntryStore store;
    private final SecretBox box;
    private Consumer<GatewayConfig> apply = c -> { };
    private volatile String fileText;

    /** @param box null when no TOLLGATE_SECRET_KEY is configured: entries holding secrets cannot then be opened */
    public ConfigSources(Path file, ConfigLoader loader, ConfigEntryStore store, SecretBox box) {
        this.file = file;
        this.loader = loader;
        this.store = store;
        this.box = box;
        try {
            this.fileText = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
    }

    /** Where rebuilt configurations go (the running gateway's); set once at start-up. */
    public synchronized void onChange(Consumer<GatewayConfig> apply) {
        this.apply = apply;
    }

    public SecretBox box() {
        return box;
    }

    public ConfigEntryStore store() {
        return store;
    }

    public String source() {
        return file + " + database";
    }

    /** The merged configuration as of now, without applying it. */
    public synchronized GatewayConfig current() {
        return build(fileText, store.all());
    }

    /** The file changed: rebuild with its new text and apply; the text is kept only if the result is valid. */
    public synchronized GatewayConfig fileChanged(String text, String source) {
        GatewayConfig next = build(text, store.all());
        fileText = text;
        apply.accept(next);
        return next;
    }

    /** The database changed: rebuild with the last accepted file text and apply. */
    public synchronized void databaseChanged() {
        apply.accept(build(fileText, store.all()));
    }

    /** Throws {@link ConfigException} naming the field when {@code entries} (opened) would not make a valid config. */
    public void validate(List<ConfigEntry> entries) {
        build(fileText, entries);
    }

    public ConfigLoader.FileNames fileNames() {
        return loader.names(fileText, file.toString());
    }

    /** The stored entry's body with secrets opened; only for building configurations and re-sealing. */
    public JsonObject opened(ConfigEntry entry) {
        JsonObject body = new JsonObject(entry.body());
        if (!ConfigEntry.PROVIDER.equals(entry.kind())) {
            return body;
        }
        if (box == null && !SealedFields.keyIds(body).isEmpty()) {
            throw new IllegalStateException("TOLLGATE_SECRET_KEY is not set, so provider " + entry.name()
                    + "'s secrets cannot be opened");
        }
        return box == null ? body : SealedFields.open(body, box);
    }

    /**
     * The configuration the database entries would make with the entry {@code kind}/{@code name} replaced by
     * {@code body} (removed when null) would not make a valid configuration.
     */
    public GatewayConfig validateReplacing(String kind, String name, String body) {
        List<ConfigEntry> candidate = new ArrayList<>();
        for (ConfigEntry e : store.all()) {
            if (!(e.kind().equals(kind) && e.name().equals(name))) {
                candidate.add(ConfigEntry.PROVIDER.equals(e.kind())
                        ? new ConfigEntry(e.kind(), e.name(), opened(e).encode(), e.createdAt(), e.updatedAt()) : e);
            }
        }
        if (body != null) {
            candidate.add(new ConfigEntry(kind, name, body, Instant.EPOCH, Instant.EPOCH));
        }
        return build(fileText, candidate);
    }

    private GatewayConfig build(String text, List<ConfigEntry> entries) {
        List<JsonNode> providers = new ArrayList<>();
        List<JsonNode> models = new ArrayList<>();
        Map<String, JsonNode> prices = new LinkedHashMap<>();
        for (ConfigEntry e : entries) {
            switch (e.kind()) {
                case ConfigEntry.PROVIDER -> providers.add(tree(opened(e).encode()));
                // read from the stored text, never through a JsonObject, whose numbers would be doubles
                case ConfigEntry.PRICE -> prices.put(e.name(), tree(e.body()));
                default -> models.add(tree(opened(e).encode()));
            }
        }
        return loader.parse(text, source(), providers, models, prices);
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
