package dev.tollgate.server.admin;

import dev.tollgate.core.auth.AuthFailureLimiter;
import dev.tollgate.core.auth.GatewayKeys;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.auth.PresentedKey;
import dev.tollgate.core.pipeline.ErrorResponses;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.core.routing.RoutingState;
import dev.tollgate.server.config.ConfigSources;
import dev.tollgate.spi.store.ConfigEntry;
import dev.tollgate.spi.store.AdminKey;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The admin API under {@code /admin/v1}: authenticates the caller (the bootstrap key, or an admin key from
 * the database, looked up on every call so a revocation holds at once on every node), then hands the call
 * to the resource named by the first path segment. Thread-safe.
 */
public final class AdminRouter {

    private static final Logger log = LoggerFactory.getLogger(AdminRouter.class);
    private static final String BASE = "/admin/v1/";

    private final Map<String, AdminResource> resources;
    private final Storage storage;
    private final byte[] bootstrapHash;
    private final AuthFailureLimiter failures;
    private final IdempotentCreates idempotency;

    public AdminRouter(Storage storage, KeyDirectory keys, String bootstrapKey, Clock clock, RoutingState routing,
                       AuthFailureLimiter failures, ConfigSources config) {
        this.storage = storage;
        this.failures = failures;
        this.idempotency = new IdempotentCreates(storage, clock);
        // compared as hashes, so the comparison's time depends on neither the key's length nor its content
        this.bootstrapHash = hashBytes(bootstrapKey);
        AuditTrail audit = new AuditTrail(clock);
        this.resources = Stream.of(
                        new KeysResource(storage, keys, clock, audit),
                        new OrgsResource(storage, audit, clock),
                        new TeamsResource(storage, audit, clock),
                        new UsersResource(storage, audit, clock),
                        new AdminKeysResource(storage, audit, clock),
                        new AuditResource(storage),
                        new UsageResource(storage),
                        new RoutingHealthResource(routing),
                        new ConfigEntriesResource(ConfigEntry.PROVIDER, "providers", config, audit, clock),
                        new ConfigEntriesResource(ConfigEntry.MODEL, "models", config, audit, clock),
                        new SecretsResource(config, audit))
                .collect(Collectors.toUnmodifiableMap(AdminResource::name, Function.identity()));
    }

    private static byte[] hashBytes(String key) {
        return GatewayKeys.hash(key).getBytes(StandardCharsets.US_ASCII);
    }

    public void handle(HttpServerRequest req) {
        req.body().onSuccess(body -> authenticate(req, body));
    }

    private void authenticate(HttpServerRequest req, Buffer body) {
        String clientIp = req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
        long retryAfter = failures.retryAfterSeconds(clientIp);
        if (retryAfter > 0) {
            ErrorResponses.send(req.response(), GatewayError.authThrottled(retryAfter));
            return;
        }
        String presented = PresentedKey.from(req.headers());
        if (presented == null || presented.isEmpty()) {
            ErrorResponses.send(req.response(), GatewayError.adminUnauthorized());
            return;
        }
        if (presented.length() > 200) {
            refuseGuess(req, clientIp);
            return;
        }
        byte[] presentedHash = hashBytes(presented);
        if (MessageDigest.isEqual(presentedHash, bootstrapHash)) {
            dispatch(req, body, AdminIdentity.bootstrap());
            return;
        }
        if (!presented.startsWith(AdminKeysResource.PREFIX)) {
            refuseGuess(req, clientIp);
            return;
        }
        String hash = new String(presentedHash, StandardCharsets.US_ASCII);
        Vertx.currentContext().owner().executeBlocking(() -> storage.adminKeys().findActiveByHash(hash), false)
                .onComplete(r -> {
                    Optional<AdminKey> key = r.succeeded() ? r.result() : Optional.empty();
                    if (r.failed()) {
                        log.error("admin key lookup failed", r.cause());
                        ErrorResponses.send(req.response(), GatewayError.internal());
                    } else if (key.isEmpty() || !MessageDigest.isEqual(
                            key.get().hash().getBytes(StandardCharsets.US_ASCII), presentedHash)) {
                        refuseGuess(req, clientIp);
                    } else {
                        AdminKey k = key.get();
                        dispatch(req, body, new AdminIdentity(k.id(), k.role(), k.orgId(), k.teamId(), k.userId()));
                    }
                });
    }

    /** A wrong admin key counts against the address, like a wrong gateway key. */
    private void refuseGuess(HttpServerRequest req, String clientIp) {
        failures.recordFailure(clientIp);
        ErrorResponses.send(req.response(), GatewayError.adminUnauthorized());
    }

    private void dispatch(HttpServerRequest req, Buffer body, AdminIdentity caller) {
        String path = req.path();
        AdminResource resource = null;
        List<String> segments = List.of();
        if (path.startsWith(BASE)) {
            List<String> all = Arrays.stream(path.substring(BASE.length()).split("/", -1)).toList();
            resource = resources.get(all.get(0));
            segments = all.subList(1, all.size());
        }
        if (resource == null || segments.contains("")) {
            ErrorResponses.send(req.response(), GatewayError.unknownUrl(req.method().name(), path));
            return;
        }
        AdminCall call = new AdminCall(req, caller, segments, body);
        String idempotencyKey = req.getHeader(IdempotentCreates.HEADER);
        if (idempotencyKey != null && req.method() == HttpMethod.POST && IdempotentCreates.isCreate(resource.name(), segments)) {
            AdminResource target = resource;
            idempotency.handle(call, idempotencyKey, () -> target.handle(call));
        } else {
            resource.handle(call);
        }
    }
}
