package dev.tollgate.server.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One {@code tollgate admin} leaf command: calls the API and prints the answer. Exit code 0 on success, 1 with
 * the API's message when the API refuses or cannot be reached (usage errors are picocli's 2).
 */
abstract class AdminAction implements Callable<Integer> {

    @Mixin
    AdminOptions options;

    @Spec
    CommandSpec spec;

    /** Calls the API through {@code client} and prints through {@code output}. */
    abstract void run(AdminClient client, Output output) throws IOException, AdminApiException;

    @Override
    public final Integer call() {
        var err = spec.commandLine().getErr();
        try {
            AdminClient client = new AdminClient(options.url, options.adminKey());
            run(client, new Output(spec.commandLine().getOut(), err, options.json));
            return 0;
        } catch (AdminApiException e) {
            err.println("error: " + e.getMessage() + " (HTTP " + e.status() + (e.code() == null ? "" : ", " + e.code()) + ")");
            return 1;
        } catch (IOException e) {
            err.println("error: cannot reach the admin API at " + options.url + ": " + e);
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } finally {
            err.flush();
            spec.commandLine().getOut().flush();
        }
    }

    /** A request body of the given name/value pairs, leaving out null values so absent options keep server defaults. */
    static JsonObject body(Object... namesAndValues) {
        JsonObject body = new JsonObject();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                body.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return body;
    }

    /** Query parameters from name/value pairs; null values are left out. */
    static Map<String, String> query(String... namesAndValues) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return query;
    }
}
