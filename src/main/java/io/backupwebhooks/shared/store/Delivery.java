package io.backupwebhooks.shared.store;

import java.time.Instant;

import io.backupwebhooks.shared.EventType;

/** The one attempt made for one event. {@code statusCode} is null when no HTTP answer came. */
public record Delivery(
        String id,
        String eventId,
        String account,
        EventType eventType,
        String url,
        Instant attemptedAt,
        Outcome outcome,
        Integer statusCode,
        long durationMs,
        String error) {

    public enum Outcome {
        DELIVERED,
        FAILED,
        BLOCKED
    }
}
