package dev.tollgate.state.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run with EVALSHA (one round trip, the script's text not resent), falling back to EVAL when the
 * server does not know it yet (first use, or Redis restarted), which also caches it there for the next call.
 */
final class LuaScript {

    private final String text;
    private final String sha;

    private LuaScript(String text) {
        this.text = text;
        this.sha = sha1(text);
    }

    static LuaScript resource(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name);
            }
            return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Future<Response> run(RedisAPI redis, List<String> keys, List<String> args) {
        List<String> evalsha = command(sha, keys, args);
        return redis.evalsha(evalsha).recover(err -> {
            if (err.getMessage() != null && err.getMessage().startsWith("NOSCRIPT")) {
                return redis.eval(command(text, keys, args));
            }
            return Future.failedFuture(err);
        });
    }

    /** Sends the script ahead (SCRIPT LOAD), so the first calls need not fall back to EVAL. */
    Future<Void> load(RedisAPI redis) {
        return redis.script(List.of("LOAD", text)).mapEmpty();
    }

    private static List<String> command(String script, List<String> keys, List<String> args) {
        List<String> out = new ArrayList<>(2 + keys.size() + args.size());
        out.add(script);
        out.add(Integer.toString(keys.size()));
        out.addAll(keys);
        out.addAll(args);
        return out;
    }

    String sha() {
        return sha;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
