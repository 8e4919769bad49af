package dev.tollgate.core.config;

import java.util.List;

/** A configuration that cannot be used; every problem names the field it is about. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super("invalid configuration " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
