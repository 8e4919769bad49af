package dev.tollgate.server.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code tollgate admin keys create|list|show|revoke|rotate|disable|enable}: gateway keys. */
@Command(name = "keys", description = "Gateway keys (tg-…).", mixinStandardHelpOptions = true,
        subcommands = {KeysCommand.Create.class, KeysCommand.List.class, KeysCommand.Show.class, KeysCommand.Revoke.class,
                KeysCommand.Rotate.class, KeysCommand.Disable.class, KeysCommand.Enable.class})
final class KeysCommand {

    static final String[] COLUMNS = {"id", "name", "prefix", "team_id", "user_id", "enabled", "expires_at", "revoked_at"};

    @Command(name = "create", description = "Create a gateway key; the key is printed once.")
    static final class Create extends AdminAction {
        @Option(names = "--name")
        String name;

        @Option(names = "--user", description = "Owner: a user (org and team are taken from it).")
        String user;

        @Option(names = "--team", description = "Owner: a team (a service key).")
        String team;

        @Option(names = "--model", description = "An allowed model or pattern (gpt-4o*); repeatable. Default: all.")
        java.util.List<String> models;

        @Option(names = "--allowed-ip", description = "An address or CIDR block the key may be used from; repeatable.")
        java.util.List<String> allowedIps;

        @Option(names = "--expires-at", description = "ISO-8601 instant, e.g. 2027-01-01T00:00:00Z.")
        String expiresAt;

        @Option(names = "--routing-tag", description = "A deployment tag every call of the key is confined to (eu); repeatable.")
        java.util.List<String> routingTags;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.entity(client.send("POST", "/keys", body("name", name, "user_id", user, "team_id", team,
                    "models", models == null ? null : new JsonArray(models),
                    "allowed_ips", allowedIps == null ? null : new JsonArray(allowedIps),
                    "routing_tags", routingTags == null ? null : new JsonArray(routingTags), "expires_at", expiresAt)));
        }
    }

    @Command(name = "list", description = "List the gateway keys you can see, revoked ones included.")
    static final class List extends AdminAction {
        @Option(names = "--org")
        String org;

        @Option(names = "--team")
        String team;

        @Option(names = "--user")
        String user;

        @Mixin
        Paging paging;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.list(client.get("/keys", query("org_id", org, "team_id", team, "user_id", user,
                    "limit", paging.limit(), "after", paging.after)), COLUMNS);
        }
    }

    /** A command on one key named by its id. */
    abstract static class OnKey extends AdminAction {
        @Parameters(index = "0", paramLabel = "KEY_ID", description = "The key's id (key_…), not the key itself.")
        String id;
    }

    @Command(name = "show", description = "Show one gateway key.")
    static final class Show extends OnKey {
        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.entity(client.send("GET", "/keys/" + id, null));
        }
    }

    @Command(name = "revoke", description = "Revoke a gateway key; it stops working at once.")
    static final class Revoke extends OnKey {
        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.entity(client.send("POST", "/keys/" + id + "/revoke", null));
        }
    }

    @Command(name = "rotate", description = "Issue a new key with the same settings; the old one stays valid for the overlap.")
    static final class Rotate extends OnKey {
        @Option(names = "--overlap-seconds", description = "How long the old key keeps working (API default 3600).")
        Integer overlapSeconds;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            JsonObject answer = client.send("POST", "/keys/" + id + "/rotate", body("overlap_seconds", overlapSeconds));
            // the old key is nested; in the human view its new expiry is what matters
            JsonObject previous = (JsonObject) answer.remove("previous_key");
            if (previous != null && !options.json) {
                answer.put("previous_key_expires_at", previous.getString("expires_at"));
            } else if (previous != null) {
                answer.put("previous_key", previous);
            }
            output.entity(answer);
        }
    }

    @Command(name = "disable", description = "Switch a key off until it is enabled again.")
    static final class Disable extends OnKey {
        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.entity(client.send("PATCH", "/keys/" + id, new JsonObject().put("enabled", false)));
        }
    }

    @Command(name = "enable", description = "Switch a disabled key on again.")
    static final class Enable extends OnKey {
        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.entity(client.send("PATCH", "/keys/" + id, new JsonObject().put("enabled", true)));
        }
    }
}
