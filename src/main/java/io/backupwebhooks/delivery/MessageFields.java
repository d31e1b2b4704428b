package io.backupwebhooks.delivery;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.json.JsonFields;

/**
 * The fields of one queue message, read from a JSON tree (nothing needs reflection in a native image); collects every
 * problem, so that the log says all that is wrong with a record at once.
 */
final class MessageFields {

    private final List<String> problems = new ArrayList<>();
    private final JsonFields fields;

    MessageFields(JsonNode root) {
        this.fields = new JsonFields(root, (field, rule) -> problems.add(field + " " + rule));
    }

    /** The body as a JSON object, or why it is not one. */
    static JsonNode object(String body) throws BadEventException {
        try {
            return JsonFields.object(body);
        } catch (IllegalArgumentException e) {
            throw new BadEventException(e.getMessage());
        }
    }

    void problem(String problem) {
        problems.add(problem);
    }

    String text(String name, boolean required) {
        return fields.text(name, required);
    }

    /** A text of at most {@code max} characters. */
    String text(String name, boolean required, int max) {
        String value = fields.text(name, required);
        if (value != null && value.length() > max) {
            problems.add(name + " must be at most " + max + " characters");
            return null;
        }
        return value;
    }

    boolean bool(String name, boolean fallback) {
        return fields.bool(name, fallback);
    }

    /** A required whole number in [min, max]. */
    long integer(String name, long min, long max) {
        if (fields.node(name) == null) {
            problems.add(name + " is required");
            return min;
        }
        return fields.integer(name, min, max, min);
    }

    /** A required text that is part of a table key, where {@code #} separates the parts. */
    String key(String name) {
        String value = text(name, true);
        if (value != null && value.indexOf('#') >= 0) {
            problems.add(name + " must not contain '#'");
            return null;
        }
        return value;
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String value = text(name, true);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        problems.add(name + " '" + value + "' is not one of " + List.of(type.getEnumConstants()));
        return null;
    }

    OffsetDateTime date(String name, boolean required) {
        String value = text(name, required);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            problems.add(name + " '" + value + "' is not an ISO-8601 date-time with an offset");
            return null;
        }
    }

    void throwIfInvalid() throws BadEventException {
        if (!problems.isEmpty()) {
            throw new BadEventException(String.join("; ", problems));
        }
    }
}
