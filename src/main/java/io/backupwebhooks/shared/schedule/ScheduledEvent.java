package io.backupwebhooks.shared.schedule;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The part of an EventBridge event that the functions use: a scheduled event's {@code time} is their <em>now</em> (the
 * scan, the report run); the report function also takes SES's bounce and complaint events ({@code source} aws.ses,
 * {@code detail-type}, {@code detail}).
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledEvent(
        String time,
        String source,

        @com.fasterxml.jackson.annotation.JsonProperty("detail-type")
        String detailType,

        com.fasterxml.jackson.databind.JsonNode detail) {

    public ScheduledEvent(String time) {
        this(time, null, null, null);
    }

    /** The event's {@code time}, the run's now; a missing or unreadable time is the caller's error. */
    public static Instant nowOf(ScheduledEvent event) {
        if (event == null || event.time() == null) {
            throw new IllegalArgumentException("the scheduled event has no time");
        }
        try {
            return Instant.parse(event.time());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "the scheduled event's time '" + event.time() + "' is not an ISO-8601 instant", e);
        }
    }
}
