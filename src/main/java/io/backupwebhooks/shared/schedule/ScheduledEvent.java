package io.backupwebhooks.shared.schedule;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The part of EventBridge's scheduled event that the scheduled functions use: its {@code time} is their <em>now</em> (the scan, the report run). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledEvent(String time) {

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
