package dev.orderplatform.servers.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict reading of a request object, as the services read theirs (docs/api.md): unknown fields, a string for a
 * number, {@code 2.5} for an integer and out-of-range values are 400s; nothing is coerced.
 */
final class JsonFields {

    /** Ids as docs/api.md has them: 1–64 characters of {@code A–Z a–z 0–9 . _ : @ -}. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
    static final long MAX_AMOUNT_CENTS = 1_000_000_000_000L;

    private final ObjectNode node;
    private final String prefix;

    private JsonFields(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /** @param allowed every field the object may have; any other is a 400 */
    static JsonFields of(JsonNode node, String prefix, Set<String> allowed) {
        String where = prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1); // "events[0]." → "events[0]"
        if (node == null || !node.isObject()) {
            throw Problem.invalid(where, "must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw Problem.invalid(prefix + name, "unknown field");
            }
        }
        return new JsonFields((ObjectNode) node, prefix);
    }

    /** Whether the field is absent or JSON null (the caller then uses its default). */
    boolean missing(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull();
    }

    String id(String name) {
        String value = text(name);
        if (!ID.matcher(value).matches()) {
            throw Problem.invalid(prefix + name, "must be 1-64 characters of A-Z a-z 0-9 . _ : @ -");
        }
        return value;
    }

    String text(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw Problem.invalid(prefix + name, "must be a string");
        }
        return value.textValue();
    }

    String text(String name, int minLength, int maxLength) {
        String value = text(name);
        if (value.length() < minLength || value.length() > maxLength) {
            throw Problem.invalid(prefix + name, "must be " + minLength + "-" + maxLength + " characters");
        }
        return value;
    }

    /** An amount of money: an integer from 1 to 10^12. */
    long amount(String name) {
        long value = integer(name);
        if (value < 1 || value > MAX_AMOUNT_CENTS) {
            throw Problem.invalid(prefix + name, "must be between 1 and " + MAX_AMOUNT_CENTS);
        }
        return value;
    }

    long integer(String name, long min, long max) {
        long value = integer(name);
        if (value < min || value > max) {
            throw Problem.invalid(prefix + name, "must be between " + min + " and " + max);
        }
        return value;
    }

    long integer(String name) {
        JsonNode value = required(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw Problem.invalid(prefix + name, "must be an integer");
        }
        return value.longValue();
    }

    boolean bool(String name) {
        JsonNode value = required(name);
        if (!value.isBoolean()) {
            throw Problem.invalid(prefix + name, "must be true or false");
        }
        return value.booleanValue();
    }

    Instant instant(String name) {
        String value = text(name);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.invalid(prefix + name, "must be an ISO-8601 instant, e.g. 2024-01-31T12:00:00Z");
        }
    }

    <E extends Enum<E>> E choice(String name, Class<E> type) {
        String value = text(name);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw Problem.invalid(prefix + name, "must be one of " + Arrays.toString(type.getEnumConstants()));
    }

    JsonNode array(String name) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw Problem.invalid(prefix + name, "must be an array");
        }
        return value;
    }

    private JsonNode required(String name) {
        if (missing(name)) {
            throw Problem.invalid(prefix + name, "is required");
        }
        return node.get(name);
    }
}
