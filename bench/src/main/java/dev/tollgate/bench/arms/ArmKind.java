package dev.tollgate.bench.arms;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The systems compared, in the order tables list them. */
public enum ArmKind {
    DIRECT("direct", "client → simulator, no proxy"),
    NGINX("nginx", "nginx as a bare reverse proxy: keep-alive upstream, proxy_buffering off"),
    TOLLGATE_PASS_THROUGH("tollgate-pass-through", "Tollgate, auth on; metering, metrics and access log off"),
    TOLLGATE_FULL("tollgate-full", "Tollgate, everything on: auth, metering, usage booked to SQLite, metrics, JSON access log to a file"),
    PORTKEY("portkey", "Portkey's open-source gateway on Node");

    private final String id;
    private final String description;

    ArmKind(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public boolean isTollgate() {
        return this == TOLLGATE_PASS_THROUGH || this == TOLLGATE_FULL;
    }

    public static ArmKind byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown arm '" + id + "' (known: "
                        + Arrays.stream(values()).map(ArmKind::id).collect(Collectors.joining(", ")) + ")"));
    }
}
