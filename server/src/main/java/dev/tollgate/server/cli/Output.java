package dev.tollgate.server.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints answers as aligned tables and field lists for people, or as the raw JSON with {@code --json}. */
final class Output {

    static final String SECRET_WARNING = "Store this key now: it is shown only once and cannot be recovered.";
    static final String CODES_WARNING = "Store these codes now: they are shown only once and cannot be recovered.";

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    Output(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /** A list answer: one row per entry with the given columns, and how to get the next page when there is one. */
    void list(JsonObject answer, String... columns) {
        if (json) {
            out.println(answer.encodePrettily());
            return;
        }
        JsonArray data = answer.getJsonArray("data", new JsonArray());
        List<String[]> rows = new ArrayList<>();
        rows.add(columns);
        for (int i = 0; i < data.size(); i++) {
            JsonObject item = data.getJsonObject(i);
            String[] row = new String[columns.length];
            for (int c = 0; c < columns.length; c++) {
                row[c] = text(item.getValue(columns[c]));
            }
            rows.add(row);
        }
        printAligned(rows);
        if (answer.getBoolean("has_more", false)) {
            err.println("more: add --after " + answer.getString("next_after"));
        }
    }

    /** Text as the API gave it (e.g. CSV), unchanged. */
    void text(String body) {
        out.print(body);
    }

    /** One entity: a field per line. A plaintext secret in the answer is followed by the warning to store it. */
    void entity(JsonObject answer) {
        if (json) {
            out.println(answer.encodePrettily());
        } else {
            int width = answer.fieldNames().stream().mapToInt(String::length).max().orElse(0);
            answer.forEach(e -> {
                if (!(e.getKey().equals("codes") && plainCodes(answer) != null)) {
                    out.println(pad(e.getKey() + ":", width + 1) + " " + text(e.getValue()));
                }
            });
            JsonArray codes = plainCodes(answer);
            if (codes != null) {
                codes.forEach(code -> out.println(code)); // one per line, to hand out or import as they are
            }
        }
        if (answer.getString("key") != null) {
            err.println(SECRET_WARNING);
        }
        if (plainCodes(answer) != null) {
            err.println(CODES_WARNING);
        }
    }

    /** Redemption codes in plaintext (a new batch's), or null: a batch shown later lists codes as objects. */
    private static JsonArray plainCodes(JsonObject answer) {
        return answer.getValue("codes") instanceof JsonArray a && !a.isEmpty() && a.getValue(0) instanceof String ? a : null;
    }

    private void printAligned(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c == row.length - 1 ? row[c] : pad(row[c], widths[c]) + "  ");
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof JsonObject o) {
            return o.isEmpty() ? "-" : o.encode();
        }
        if (value instanceof JsonArray a) {
            return a.isEmpty() ? "-" : String.join(",", a.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
