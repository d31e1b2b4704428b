package io.backupwebhooks.shared;

import java.util.Optional;

/**
 * The four webhook event types; the enum name is the id used in events, payloads and API paths. Their display titles
 * (Backup Success, ...) belong to the Webhooks page ({@code web/app.js}), the only place that shows them.
 */
public enum EventType {
    SUCCESS,
    PARTIAL_SUCCESS,
    FAILED,
    MISSING;

    /** The event type with this id, or empty (ids are case-sensitive, as in the spec). */
    public static Optional<EventType> byId(String id) {
        for (EventType type : values()) {
            if (type.name().equals(id)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
