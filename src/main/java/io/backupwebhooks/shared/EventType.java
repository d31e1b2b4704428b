package io.backupwebhooks.shared;

import java.util.Optional;

/** The four webhook event types; the enum name is the id used in events, payloads and API paths. */
public enum EventType {
    SUCCESS("Backup Success"),
    PARTIAL_SUCCESS("Backup Partial Success"),
    FAILED("Backup Failure"),
    MISSING("Missing Backups");

    private final String title;

    EventType(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

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
