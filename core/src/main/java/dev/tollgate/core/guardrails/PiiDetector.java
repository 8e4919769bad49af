package dev.tollgate.core.guardrails;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data and secrets in text: e-mail addresses, phone numbers, payment card numbers (Luhn-checked),
 * IBANs (mod-97-checked), national ids (US SSN, UK NI number) and API-key-shaped secrets. Patterns are written
 * to avoid catastrophic backtracking (no nested unbounded quantifiers), so a scan is linear in the text.
 * Overlaps are settled by the order of {@link Entity}: a card number is not also reported as a phone number.
 * Stateless, thread-safe.
 */
public final class PiiDetector {

    public enum Entity {
        SECRET("(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,200}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,255}"
                + "|xox[abprs]-[A-Za-z0-9-]{10,200}|AIza[0-9A-Za-z_-]{35}|tg-[A-Za-z0-9_-]{20,200}"
                + "|-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----)"),
        EMAIL("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}"
                + "\\.[A-Za-z]{2,24}(?![A-Za-z0-9])"),
        IBAN("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])"),
        CARD("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])"),
        NATIONAL_ID("(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}(?![\\d-])"
                + "|(?<![A-Za-z0-9])(?![DFIQUV])[A-CEGHJ-PR-TW-Z](?![DFIQUVO])[A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D](?![A-Za-z0-9])"),
        PHONE("(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){1,5}(?![\\w])");

        final Pattern pattern;

        Entity(String regex) {
            this.pattern = Pattern.compile(regex);
        }

        /** The placeholder's stem: {@code [EMAIL_1]}. */
        public String stem() {
            return name();
        }

        public static Entity parse(String name) {
            return Entity.valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** One finding: where it is and what it is. */
    public record Finding(Entity entity, int start, int end, String value) {
    }

    private final Set<Entity> entities;

    public PiiDetector(Set<Entity> entities) {
        this.entities = Set.copyOf(entities);
    }

    /** Findings in text order, without overlaps. */
    public List<Finding> find(String text) {
        List<Finding> all = new ArrayList<>();
        boolean digits = hasDigit(text);
        for (Entity entity : Entity.values()) {
            if (!entities.contains(entity) || !mayContain(entity, text, digits)) {
                continue;
            }
            Matcher m = entity.pattern.matcher(text);
            while (m.find()) {
                String value = m.group();
                if (valid(entity, value) && all.stream().noneMatch(f -> f.start < m.end() && m.start() < f.end)) {
                    all.add(new Finding(entity, m.start(), m.end(), value));
                }
            }
        }
        all.sort(Comparator.comparingInt(Finding::start));
        return all;
    }

    private static final String[] SECRET_MARKERS = {"sk-", "AKIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "xox", "AIza",
            "tg-", "-----BEGIN"};

    /**
     * A cheap look for what every match of the entity must contain (an {@code @}, a digit, a key prefix), so that
     * the regular expression only scans texts that can match: most prompts have no e-mail address and no secret.
     */
    private static boolean mayContain(Entity entity, String text, boolean digits) {
        return switch (entity) {
            case EMAIL -> text.indexOf('@') >= 0;
            case SECRET -> {
                for (String marker : SECRET_MARKERS) {
                    if (text.contains(marker)) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> digits;
        };
    }

    private static boolean hasDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static boolean valid(Entity entity, String value) {
        return switch (entity) {
            case CARD -> luhn(digits(value));
            case IBAN -> iban(value.replace(" ", ""));
            case PHONE -> {
                int n = digits(value).length();
                yield n >= 9 && n <= 15 && !luhnCardLength(value);
            }
            default -> true;
        };
    }

    private static boolean luhnCardLength(String value) {
        String d = digits(value);
        return d.length() >= 13 && luhn(d);
    }

    static String digits(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The Luhn checksum of a card number (13–19 digits). */
    static boolean luhn(String digits) {
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616: the country code and check digits moved to the end, letters as numbers, mod 97 is 1. */
    static boolean iban(String iban) {
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String moved = iban.substring(4) + iban.substring(0, 4);
        int rest = 0;
        for (int i = 0; i < moved.length(); i++) {
            char c = moved.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : Character.isUpperCase(c) ? c - 'A' + 10 : -1;
            if (v < 0) {
                return false;
            }
            rest = v >= 10 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97;
        }
        return rest == 1;
    }
}
