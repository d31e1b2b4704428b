package io.backupwebhooks.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.backupwebhooks.delivery.LifecycleEvent.Kind;
import io.backupwebhooks.shared.EventType;

/**
 * Reads an SQS message body into a {@link LifecycleEvent}, or says exactly what is wrong with it. Reads a JSON tree
 * rather than binding a class, so nothing here needs reflection in a native image.
 */
public final class LifecycleEventParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LifecycleEventParser() {}

    public static LifecycleEvent parse(String body) throws BadEventException {
        JsonNode root = MessageFields.object(body);
        MessageFields f = new MessageFields(root);
        Kind kind = f.enumValue("type", Kind.class);
        boolean completed = kind == Kind.BACKUP_COMPLETED;
        EventType status = completed ? status(f) : null;
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

    private static EventType status(MessageFields f) {
        String value = f.text("status", true);
        if (value == null) {
            return null;
        }
        EventType type =
                EventType.byId(value).filter(t -> t != EventType.MISSING).orElse(null);
        if (type == null) {
            f.problem("status '" + value + "' is not one of [SUCCESS, PARTIAL_SUCCESS, FAILED]");
        }
        return type;
    }
}
