package dev.tollgate.core.auth;

import java.util.List;

/**
 * Which model names a key may use: exact names or patterns with {@code *} as a wildcard
 * ({@code gpt-*}, {@code openai/*}, {@code *}). An empty list allows every model. Immutable.
 */
public final class ModelAccess {

    private static final ModelAccess ALL = new ModelAccess(List.of());

    private final List<String> patterns;

    private ModelAccess(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    public static ModelAccess of(List<String> patterns) {
        return patterns == null || patterns.isEmpty() ? ALL : new ModelAccess(patterns);
    }

    public boolean allows(String model) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String p : patterns) {
            if (matches(p, model)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String value) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(value);
        }
        String[] parts = pattern.split("\\*", -1);
        if (!value.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = value.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return value.length() - at >= last.length() && value.endsWith(last);
    }
}
