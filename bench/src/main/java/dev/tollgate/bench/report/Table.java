package dev.tollgate.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A titled Markdown table; cells are already formatted. Built by one thread, then read. */
public final class Table {

    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String title, List<String> columns) {
        this.title = title;
        this.columns = List.copyOf(columns);
    }

    public Table row(List<String> cells) {
        if (cells.size() != columns.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, table '" + title + "' has "
                    + columns.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public Table row(String... cells) {
        return row(List.of(cells));
    }

    public String title() {
        return title;
    }

    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    /** A figure: a signed number with an optional unit, a ratio, "a / b" counts, or a dash for none. */
    private static final Pattern FIGURE = Pattern.compile(
            "[-+]?[0-9][0-9.,]*( ?(×|%|ms|MiB|KiB|GiB))?|[0-9][0-9,]* / [0-9][0-9,]*|–|");

    /** A column of figures is right-aligned; one with any text in it is left-aligned. */
    private boolean numeric(int column) {
        return !rows.isEmpty() && rows.stream().allMatch(r -> FIGURE.matcher(r.get(column)).matches());
    }

    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("| ").append(String.join(" | ", columns)).append(" |\n|");
        for (int i = 0; i < columns.size(); i++) {
            md.append(numeric(i) ? "---:|" : "---|");
        }
        md.append('\n');
        for (List<String> r : rows) {
            md.append("| ").append(String.join(" | ", r.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
        }
        return md.toString();
    }
}
