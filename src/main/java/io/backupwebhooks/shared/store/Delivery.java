package io.backupwebhooks.shared.store;

import java.time.Instant;

import io.backupwebhooks.shared.EventType;

/**
 * One attempt to send one event. {@code statusCode} is null when no HTTP answer came.
 * <p>
 * An event's first attempt (automatic, or a test send) keeps what a resend needs: {@code body}, the payload it sent
 * (null for test sends, and for records made before resends existed), and {@code latest}, the event's latest resend
 * (null until one is made). A resend (spec 6) names its original in {@code resendOf} and the admin who asked in
 * {@code requestedBy}; its {@code eventId} is the original's, and so is its {@code webhook-id}.
 */
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
        String error,
        String body,
        boolean test,
        String resendOf,
        String requestedBy,
        Latest latest) {

    public enum Outcome {
        DELIVERED,
        FAILED,
        BLOCKED
    }

    /** The latest resend of an event: its delivery id, its outcome (null while it is being sent), when it began. */
    public record Latest(String id, Outcome outcome, Instant at) {}

    /** An attempt that keeps no payload and is no resend. */
    public Delivery(
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
        this(
                id,
                eventId,
                account,
                eventType,
                url,
                attemptedAt,
                outcome,
                statusCode,
                durationMs,
                error,
                null,
                false,
                null,
                null,
                null);
    }

    public boolean isResend() {
        return resendOf != null;
    }

    /** The outcome of the event's latest attempt: the latest resend's, else this one's (null: a resend in flight). */
    public Outcome latestOutcome() {
        return latest == null ? outcome : latest.outcome();
    }

    /** The id of the event's latest attempt. */
    public String latestId() {
        return latest == null ? id : latest.id();
    }

    /** The same attempt with its outcome. */
    public Delivery withResult(Outcome outcome, Integer statusCode, long durationMs, String error) {
        return new Delivery(
                id,
                eventId,
                account,
                eventType,
                url,
                attemptedAt,
                outcome,
                statusCode,
                durationMs,
                error,
                body,
                test,
                resendOf,
                requestedBy,
                latest);
    }

    /** The same record with {@code latest} as the event's latest resend. */
    public Delivery withLatest(Latest latest) {
        return new Delivery(
                id,
                eventId,
                account,
                eventType,
                url,
                attemptedAt,
                outcome,
                statusCode,
                durationMs,
                error,
                body,
                test,
                resendOf,
                requestedBy,
                latest);
    }
}
