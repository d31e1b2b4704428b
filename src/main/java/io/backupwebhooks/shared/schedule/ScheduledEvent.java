package io.backupwebhooks.shared.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The part of EventBridge's scheduled event that the scheduled functions use: its {@code time} is their <em>now</em> (the scan, the report run). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledEvent(String time) {
}
