package dev.tollgate.it;

import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With every optional stage off, the gateway authenticates and forwards, and touches nothing else. */
class PassThroughTest {

    @Test
    void forwardsTheClientsRequestAsItIsAndBooksNothing() throws Exception {
        String config = "features: { metering: false, metrics: false, access_log: false }\n" + GatewayHarness.DEFAULT_CONFIG;
        try (GatewayHarness gw = GatewayHarness.start(config, null, "sk-sim-passthrough-1")) {
            lastStorage = gw.storageUrl();
            String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            HttpResponse<String> r = gw.post("/v1/chat/completions", body);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(SseText.dataLines(r.body())).last().isEqualTo("[DONE]");
            List<RecordedRequest> upstream = gw.simulator().recentRequests();
            assertThat(upstream.get(upstream.size() - 1).body()).isEqualTo(body);

            assertThat(gw.get("/v1/models", null).statusCode()).isEqualTo(401);
            gw.gateway().close();
            assertThat(gw.gateway().scrapeMetrics()).doesNotContain("tollgate_requests_total");
        }
        try (var storage = dev.tollgate.store.jdbc.JdbcStorage.open(lastStorage)) {
            assertThat(storage.usage().count()).isZero();
        }
    }

    private static String lastStorage;
}
