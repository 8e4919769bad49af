package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.auth.PresentedKey;
import dev.tollgate.core.dialect.anthropic.AnthropicDialect;
import dev.tollgate.core.dialect.anthropic.AnthropicRequestDecoder;
import dev.tollgate.core.openai.MalformedRequestException;
import dev.tollgate.core.pipeline.ErrorResponses;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.core.pipeline.RequestIds;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /v1/messages/count_tokens} (Anthropic): the prompt's tokens, counted by the gateway's own
 * tokenizer for any configured model, so Claude Code and the Anthropic SDKs can size their context. An
 * estimate for non-OpenAI model families, as Anthropic's own counter is for its models. Event-loop entry;
 * the counting runs on a worker thread.
 */
final class CountTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 10 * 1024 * 1024;

    private final GatewayComponents components;
    private final AnthropicDialect dialect;

    CountTokens(GatewayComponents components, AnthropicDialect dialect) {
        this.components = components;
        this.dialect = dialect;
    }

    void handle(HttpServerRequest req) {
        String requestId = RequestIds.next();
        req.response().putHeader("x-request-id", requestId).putHeader(dialect.requestIdHeader(), requestId);
        if (req.method() != HttpMethod.POST) {
            ErrorResponses.send(req.response(), GatewayError.methodNotAllowed(req.method().name(), req.path()), dialect);
            return;
        }
        KeyDirectory.Result auth = components.auth().authenticate(PresentedKey.from(req.headers()),
                req.remoteAddress() == null ? null : req.remoteAddress().hostAddress());
        if (!auth.accepted()) {
            ErrorResponses.send(req.response(), GatewayError.refused(auth), dialect);
            return;
        }
        req.body().onSuccess(body -> {
            if (body.length() > MAX_BODY) {
                ErrorResponses.send(req.response(), GatewayError.bodyTooLarge(MAX_BODY), dialect);
                return;
            }
            ObjectNode canonical;
            try {
                JsonNode parsed = JSON.readTree(body.getBytes());
                if (!(parsed instanceof ObjectNode object)) {
                    throw new MalformedRequestException("The request body must be a JSON object.", null);
                }
                String model = object.path("model").asText("");
                if (components.config().active().models().resolve(model) == null
                        || !auth.caller().models().allows(model)) {
                    ErrorResponses.send(req.response(), GatewayError.modelNotFound(model), dialect);
                    return;
                }
                canonical = AnthropicRequestDecoder.countTokensRequest(object);
            } catch (MalformedRequestException e) {
                ErrorResponses.send(req.response(), GatewayError.invalidRequest(e.getMessage(), e.param()), dialect);
                return;
            } catch (java.io.IOException e) {
                ErrorResponses.send(req.response(), GatewayError.invalidRequest("The request body is not valid JSON.", null), dialect);
                return;
            }
            Vertx.currentContext().owner().executeBlocking(() -> count(canonical), false).onComplete(r -> {
                if (r.failed()) {
                    ErrorResponses.send(req.response(), GatewayError.internal(), dialect);
                    return;
                }
                req.response().putHeader("content-type", "application/json")
                        .end(new JsonObject().put("input_tokens", r.result()).toBuffer());
            });
        });
    }

    private long count(ObjectNode canonical) throws Exception {
        byte[] bytes = JSON.writeValueAsBytes(canonical);
        long tokens = components.estimator().countPrompt(bytes, 0, bytes.length);
        JsonNode tools = canonical.path("tools");
        return tools.isArray() && !tools.isEmpty() ? tokens + components.estimator().countText(tools.toString()) : tokens;
    }
}
