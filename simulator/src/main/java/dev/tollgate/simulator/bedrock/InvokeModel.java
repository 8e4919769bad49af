package dev.tollgate.simulator.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.FaultGate;
import dev.tollgate.simulator.core.InvalidRequest;
import dev.tollgate.simulator.core.RenderedVectors;
import io.vertx.core.buffer.Buffer;
import java.util.function.Supplier;

/**
 * {@code InvokeModel} ({@code /invoke}) for the text embedding models: the body is the model vendor's
 * own, so the model id picks it: {@code amazon.titan-embed-text-*} ({@link TitanEmbed}) or
 * {@code cohere.embed-*} ({@link CohereEmbed}), also behind a cross-region prefix
 * ({@code us.cohere.embed-v4:0}) or at the end of an ARN. Other models are not simulated on this
 * operation. Every answer carries Bedrock's {@code X-Amzn-Bedrock-Input-Token-Count} header (left out,
 * with Titan's {@code inputTextTokenCount}, under {@code no_usage}).
 */
final class InvokeModel implements BedrockEndpoint {

  static final String INPUT_TOKENS_HEADER = "X-Amzn-Bedrock-Input-Token-Count";

  private final BehaviourResolver resolver;
  private final RenderedVectors rendered = new RenderedVectors();

  InvokeModel(BehaviourResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public void handle(Exchange exchange, String rawModel, JsonNode body) {
    var resolved = resolver.resolve(rawModel, exchange);
    var behaviour = resolved.behaviour();
    String id = resolved.model().substring(resolved.model().lastIndexOf('/') + 1);
    int tokens;
    Supplier<Buffer> answer;
    if (isFamily(id, "amazon.titan-embed-text")) {
      TitanEmbed titan = TitanEmbed.parse(body, !id.contains("titan-embed-text-v1"));
      tokens = titan.tokens();
      answer = () -> titan.render(rendered, !behaviour.noUsage());
    } else if (isFamily(id, "cohere.embed")) {
      CohereEmbed cohere = CohereEmbed.parse(body, id.contains("embed-v4"));
      tokens = cohere.tokens();
      answer = () -> cohere.render(rendered);
    } else {
      throw new InvalidRequest(null, "The simulator answers InvokeModel for amazon.titan-embed-text and cohere.embed"
          + " models only, not " + resolved.model() + ".");
    }
    FaultGate.run(exchange, behaviour, BedrockErrors.of(exchange), () -> {
      if (!behaviour.noUsage()) {
        exchange.response().putHeader(INPUT_TOKENS_HEADER, Integer.toString(tokens));
      }
      exchange.reply(answer.get(), behaviour);
    });
  }

  private static boolean isFamily(String id, String family) {
    return id.startsWith(family) || id.contains("." + family);
  }
}
