package io.backupwebhooks.delivery;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.backupwebhooks.delivery.LifecycleEvent.Kind;
import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.json.JsonFields;

/**
 * Reads an SQS message body into a {@link LifecycleEvent}, or says exactly what is wrong with it. Reads a JSON tree
 * rather than binding a class, so nothing here needs reflection in a native image.
 */
public final class LifecycleEventParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LifecycleEventParser() {}

    public static LifecycleEvent parse(String body) throws BadEventException {
        JsonNode root;
        try {
            root = body == null ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadEventException("body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadEventException("body is not a JSON object");
        }
        Fields f = new Fields(root);
        Kind kind = f.enumValue("type", Kind.class);
        boolean completed = kind == Kind.BACKUP_COMPLETED;
        EventType status = completed ? f.status() : null;
        LifecycleEvent event = new LifecycleEvent(
                kind,
                status,
                f.key("account"),
                f.text("server", true),
                f.key("serverPolicyId"),
                f.text("accountPolicyId", true),
                f.text("accountPolicyName", completed),
                f.text("restorePointId", completed),
                f.date("startedDate", !completed),
                f.date("finishedDate", completed));
        f.throwIfInvalid();
        return event;
    }

    /** Collects every problem of one body, so that the log says all that is wrong at once. */
    private static final class Fields {
        private final List<String> problems = new ArrayList<>();
        private final JsonFields fields;

        Fields(JsonNode root) {
            this.fields = new JsonFields(root, (field, rule) -> problems.add(field + " " + rule));
        }

        String text(String name, boolean required) {
            return fields.text(name, required);
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

        EventType status() {
            String value = text("status", true);
            if (value == null) {
                return null;
            }
            EventType type =
                    EventType.byId(value).filter(t -> t != EventType.MISSING).orElse(null);
            if (type == null) {
                problems.add("status '" + value + "' is not one of [SUCCESS, PARTIAL_SUCCESS, FAILED]");
            }
            return type;
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
}
