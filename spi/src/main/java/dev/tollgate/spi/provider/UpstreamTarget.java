package dev.tollgate.spi.provider;

import java.util.Map;

/** Where and how to send one upstream call: absolute URL and the headers the provider needs. */
public record UpstreamTarget(String url, Map<String, String> headers) {

    public UpstreamTarget {
        headers = Map.copyOf(headers);
    }
}
