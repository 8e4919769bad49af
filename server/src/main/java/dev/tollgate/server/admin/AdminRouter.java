package dev.tollgate.server.admin;

import dev.tollgate.core.auth.AuthFailureLimiter;
import dev.tollgate.core.auth.GatewayKeys;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.auth.PresentedKey;
import dev.tollgate.core.ledger.Ledger;
import dev.tollgate.core.ledger.LedgerDirectory;
import dev.tollgate.core.ledger.PricingGroups;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The admin API under {@code /admin/v1}: authenticates the caller (the bootstrap key, or an admin key from
 * the database, looked up on every call so a revocation holds at once on every node), then hands the call
 * to the route that matches in the route table the resources registered into. Thread-safe.
 */
public final class AdminRouter {

    private static final Logger log = LoggerFactory.getLogger(AdminRouter.class);
    private static final String BASE = "/admin/v1";

    private final AdminRoutes routes = new AdminRoutes();
    private final Storage storage;
    private final byte[] bootstrapHash;
    private final AuthFailureLimiter failures;
    private final IdempotentCreates idempotency;
    private volatile Runnable onChange = () -> { };

    public AdminRouter(Storage storage, KeyDirectory keys, String bootstrapKey, Clock clock, RoutingState routing,
                       AuthFailureLimiter failures, ConfigSources config, LedgerDirectory ledgerDefinitions,
                       Ledger ledger, PricingGroups pricing, dev.tollgate.core.abuse.AlertLog alerts) {
        this.storage = storage;
        this.failures = failures;
        this.idempotency = new IdempotentCreates(storage, clock);
        // compared as hashes, so the comparison's time depends on neither the key's length nor its content
        this.bootstrapHash = hashBytes(bootstrapKey);
        AuditTrail audit = new AuditTrail(clock);
        Stream.of(
                        new KeysResource(storage, keys, clock, audit),
                        new OrgsResource(storage, audit, clock, keys),
                        new TeamsResource(storage, audit, clock, keys),
                        new UsersResource(storage, audit, clock, keys),
                        new PricingGroupsResource(storage, audit, clock, pricing),
                        new CreditsResource(storage, audit, clock),
                        new RedemptionCodesResource(storage, audit, clock),
                        new AdminKeysResource(storage, audit, clock),
                        new AuditResource(storage),
                        new UsageResource(storage),
                        new ReportsResource(storage, clock),
                        new RoutingHealthResource(routing),
                        new AlertsResource(alerts),
                        new ConfigEntriesResource(ConfigEntry.PROVIDER, "providers", config, audit, clock),
                        new ConfigEntriesResource(ConfigEntry.MODEL, "models", config, audit, clock),
                        new PricesResource(config, audit, clock),
                        new SecretsResource(config, audit),
                        new BudgetsResource(storage, audit, clock, ledgerDefinitions, ledger),
                        new OpenApiResource())
                .forEach(resource -> resource.register(routes));
    }

    private static byte[] hashBytes(String key) {
        return GatewayKeys.hash(key).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Who hears that a change was made through this node's admin API (it has been committed when the answer
     * ends): a cluster tells the other nodes to look at the database now rather than at their next poll.
     */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** Every admin endpoint, in registration order: what the OpenAPI document must list, no more, no less. */
    public List<AdminRouteSummary> routes() {
        return routes.all().stream().map(AdminRoute::summary).toList();
    }

    public void handle(HttpServerRequest req) {
        if (isOpen(req)) {
            req.body().onSuccess(body -> dispatch(req, body, null));
        } else {
            req.body().onSuccess(body -> authenticate(req, body));
        }
    }

    /** A route that needs no admin key; every other path, even an unknown one, authenticates first. */
    private boolean isOpen(HttpServerRequest req) {
        return relative(req.path()) != null
                && routes.match(req.method(), relative(req.path())) instanceof AdminRoutes.Match.Found found
                && !found.route().authenticated();
    }

    /** The path below {@code /admin/v1}, starting with '/', or null outside it. */
    private static String relative(String path) {
        return path.startsWith(BASE + "/") ? path.substring(BASE.length()) : null;
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

    /** @param caller null on an open route */
    private void dispatch(HttpServerRequest req, Buffer body, AdminIdentity caller) {
        String path = relative(req.path());
        AdminRoutes.Match match = path == null ? new AdminRoutes.Match.NoSuchPath() : routes.match(req.method(), path);
        switch (match) {
            case AdminRoutes.Match.NoSuchPath ignored -> new AdminCall(req, caller, Map.of(), body).unknownUrl();
            case AdminRoutes.Match.WrongMethod ignored -> new AdminCall(req, caller, Map.of(), body).methodNotAllowed();
            case AdminRoutes.Match.Found found -> {
                AdminRoute route = found.route();
                AdminCall call = new AdminCall(req, caller, found.params(), body);
                if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
                    req.response().bodyEndHandler(v -> {
                        if (req.response().getStatusCode() < 400) {
                            onChange.run();
                        }
                    });
                }
                String idempotencyKey = req.getHeader(IdempotentCreates.HEADER);
                if (idempotencyKey != null && route.idempotent()) {
                    idempotency.handle(call, idempotencyKey, () -> route.handler().accept(call));
                } else {
                    route.handler().accept(call);
                }
            }
        }
    }
}
