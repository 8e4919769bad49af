package dev.tollgate.server.config;

import dev.tollgate.core.secrets.KeyCheck;
import dev.tollgate.core.secrets.SecretBoxException;
import dev.tollgate.core.secrets.SecretBox;
import dev.tollgate.spi.store.ConfigEntry;
import dev.tollgate.spi.store.ConfigEntryStore;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Refuses to start with secret keys that do not fit the database, before anything is served. */
public final class SecretKeyStartup {

    private static final Logger log = LoggerFactory.getLogger(SecretKeyStartup.class);

    private SecretKeyStartup() {
    }

    /** @throws SecretBoxException naming the key ids involved, never key material */
    public static void verify(SecretBox box, ConfigEntryStore store) {
        Map<String, String> checks = store.keyChecks();
        Set<String> sealedWith = new TreeSet<>();
        for (ConfigEntry e : store.all()) {
            sealedWith.addAll(SealedFields.keyIds(new JsonObject(e.body())));
        }
        if (box == null) {
            if (!checks.isEmpty() || !sealedWith.isEmpty()) {
                throw new SecretBoxException("TOLLGATE_SECRET_KEY is not set, but this database holds secrets sealed "
                        + "with key id(s) " + new TreeSet<>(checks.keySet()) + ": set it to the key they were "
                        + "sealed with");
            }
            log.info("TOLLGATE_SECRET_KEY is not set: providers with secrets cannot be stored through the admin API");
            return;
        }
        if (KeyCheck.verify(box, checks, sealedWith)) {
            store.addKeyCheck(box.currentKeyId(), KeyCheck.valueFor(box));
        }
        log.info("secret key id {} verified against the database", box.currentKeyId());
    }
}
