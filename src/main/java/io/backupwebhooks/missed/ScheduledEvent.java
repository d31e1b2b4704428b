package io.backupwebhooks.missed;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The part of EventBridge's scheduled event that the scan uses: its {@code time} is the scan's <em>now</em>. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledEvent(String time) {
}
