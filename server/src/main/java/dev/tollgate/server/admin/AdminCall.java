package dev.tollgate.server.admin;

import dev.tollgate.core.pipeline.ErrorResponses;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.core.pipeline.RequestIds;
import dev.tollgate.spi.store.InUseException;
import dev.tollgate.store.jdbc.StorageException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * One admin request in flight: who is calling, the path parameters of its route, and the
 * helpers every resource answers with (JSON bodies, errors, blocking work off the event loop).
 */
final class AdminCall {

    private static final Logger log = LoggerFactory.getLogger(AdminCall.class);

    private final HttpServerRequest req;
    private final AdminIdentity caller;
    private final Map<String, String> pathParams;
    private final Buffer body;
    private final String requestId = RequestIds.next();
    private ReplyRecorder recorder;

    /**
     * Sees the answer before it is sent, and sends it when done (used to record idempotent creates); an error's
     * body is null.
     */
    interface ReplyRecorder {
        void record(int status, JsonObject body, Runnable send);
    }

    /** @param body read before authentication, since that waits on the database and the body would not */
    AdminCall(HttpServerRequest req, AdminIdentity caller, Map<String, String> pathParams, Buffer body) {
        this.req = req;
        this.caller = caller;
        this.pathParams = Map.copyOf(pathParams);
        this.body = body;
    }

    HttpServerRequest request() {
        return req;
    }

    AdminIdentity caller() {
        return caller;
    }

    /** The value of {@code {name}} in the route's path template, e.g. {@code id} in {@code /keys/{id}}. */
    String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no path parameter '" + name + "'");
        }
        return value;
    }

    Buffer body() {
        return body;
    }

    void recordReplies(ReplyRecorder recorder) {
        this.recorder = recorder;
    }

    String requestId() {
        return requestId;
    }

    String clientIp() {
        return req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
    }

    String param(String name) {
        String value = req.getParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** Reads the body as a JSON object (empty body = {}), or answers 400 and never calls {@code then}. */
    void jsonBody(Consumer<JsonObject> then) {
        JsonObject in;
        try {
            in = parse(body);
        } catch (DecodeException | ClassCastException e) {
            fail(AdminErrors.invalid("The request body must be a JSON object.", null));
            return;
        }
        then.accept(in);
    }

    private static JsonObject parse(Buffer body) {
        return body.length() == 0 ? new JsonObject() : body.toJsonObject();
    }

    /**
     * Runs database work on a worker thread, then continues on the event loop. An {@link AdminFailure}
     * thrown by the work becomes its error answer; anything else a logged 500.
     */
    <T> void blocking(Callable<T> work, Consumer<T> then) {
        blocking(work, then, null);
    }

    /** Like {@link #blocking(Callable, Consumer)}, with {@code otherwise} taking any failure when not null. */
    <T> void blocking(Callable<T> work, Consumer<T> then, Consumer<Throwable> otherwise) {
        Vertx.currentContext().owner().executeBlocking(work, false).onComplete(r -> {
            if (r.failed() && otherwise != null) {
                otherwise.accept(r.cause());
                return;
            }
            if (r.succeeded()) {
                then.accept(r.result());
            } else if (r.cause() instanceof AdminFailure failure) {
                fail(failure.error());
            } else if (r.cause() instanceof InUseException inUse) {
                fail(AdminErrors.conflict("Cannot delete: " + inUse.getMessage() + "."));
            } else if (r.cause() instanceof StorageException se && se.isConflict()) {
                fail(AdminErrors.conflict("An entity with this id or unique name already exists."));
            } else {
                log.error("admin call {} {} failed", req.method(), req.path(), r.cause());
                fail(GatewayError.internal());
            }
        });
    }

    void reply(int status, JsonObject body) {
        ReplyRecorder r = recorder;
        recorder = null;
        if (r != null) {
            r.record(status, body, () -> send(status, body));
        } else {
            send(status, body);
        }
    }

    private void send(int status, JsonObject body) {
        req.response().setStatusCode(status).putHeader("content-type", "application/json")
                .putHeader("x-request-id", requestId)
                .putHeader("cache-control", "no-store").end(body.toBuffer());
    }

    /** A non-JSON answer, e.g. a CSV report; never recorded as an idempotent create. */
    void replyText(int status, String contentType, String body) {
        req.response().setStatusCode(status).putHeader("content-type", contentType)
                .putHeader("x-request-id", requestId)
                .putHeader("cache-control", "no-store").end(body);
    }

    void fail(GatewayError error) {
        ReplyRecorder r = recorder;
        recorder = null;
        Runnable send = () -> {
            req.response().putHeader("x-request-id", requestId);
            ErrorResponses.send(req.response(), error);
        };
        if (r != null) {
            r.record(error.status(), null, send);
        } else {
            send.run();
        }
    }

    void methodNotAllowed() {
        fail(GatewayError.methodNotAllowed(req.method().name(), req.path()));
    }

    void unknownUrl() {
        fail(GatewayError.unknownUrl(req.method().name(), req.path()));
    }
}
