package dev.tollgate.bench.jmh;

import java.nio.charset.StandardCharsets;

/** Realistic, deterministic inputs shared by the JMH benchmarks. */
final class Fixtures {

    private Fixtures() {
    }

    /** Prose with the escapes and non-ASCII text real prompts carry. */
    private static final String PROSE = "Summarise the following incident report for the on-call channel. "
            + "Keep it under five bullet points and quote the error verbatim: \\\"connection reset by peer\\\".\\n"
            + "At 02:14 UTC the ingress tier began returning 502s for roughly 4% of requests; the café "
            + "team’s dashboards showed p99 latency climbing from 180 ms to 2.3 s. Rolling back build "
            + "#4812 restored service at 02:41.\\n\\nFollow-ups: add a canary stage, alert on 5xx ratio > 1%. ";

    /**
     * A chat completion request of about {@code targetBytes}, serialised the way the OpenAI Python SDK
     * does it (messages first, then model and the other parameters), streaming, without stream_options.
     */
    static byte[] chatRequest(int targetBytes) {
        StringBuilder sb = new StringBuilder(targetBytes + 1024);
        sb.append("{\"messages\":[{\"role\":\"system\",\"content\":\"You are a concise assistant for an SRE team.\"}");
        // Messages of up to ~2 KB (a conversation), or a few big ones (a pasted document) for the 1 MB case.
        int perMessage = targetBytes >= 512 * 1024 ? 128 * 1024 : Math.min(2048, Math.max(64, targetBytes - 420));
        int n = 0;
        while (sb.length() < targetBytes - 300) {
            String role = n++ % 2 == 0 ? "user" : "assistant";
            sb.append(",{\"role\":\"").append(role).append("\",\"content\":\"");
            int room = Math.max(16, Math.min(perMessage, targetBytes - 300 - sb.length()));
            int start = sb.length();
            while (sb.length() - start < room) {
                sb.append(PROSE);
            }
            sb.setLength(start + room);
            // never end inside an escape sequence
            while (sb.charAt(sb.length() - 1) == '\\') {
                sb.setLength(sb.length() - 1);
            }
            sb.append("\"}");
        }
        sb.append("],\"model\":\"gpt-4o-mini\",\"max_tokens\":1024,\"temperature\":0.2,\"top_p\":1,"
                + "\"user\":\"user-8842\",\"stream\":true}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A content chunk as OpenAI streams it when include_usage is on (~250 bytes with framing). */
    static final String CONTENT_EVENT = "data: {\"id\":\"chatcmpl-AzK3hTqD8wXyZ1bN7mP0vR2sL5uE\",\"object\":"
            + "\"chat.completion.chunk\",\"created\":1735689600,\"model\":\"gpt-4o-mini-2024-07-18\","
            + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_0ba0d124f1\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\" the ingress\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";

    /** The final usage-only chunk OpenAI sends when include_usage is on. */
    static final String USAGE_EVENT = "data: {\"id\":\"chatcmpl-AzK3hTqD8wXyZ1bN7mP0vR2sL5uE\",\"object\":"
            + "\"chat.completion.chunk\",\"created\":1735689600,\"model\":\"gpt-4o-mini-2024-07-18\","
            + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_0ba0d124f1\",\"choices\":[],\"usage\":"
            + "{\"prompt_tokens\":1342,\"completion_tokens\":287,\"total_tokens\":1629,\"prompt_tokens_details\":"
            + "{\"cached_tokens\":1024,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,"
            + "\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n\n";
}
