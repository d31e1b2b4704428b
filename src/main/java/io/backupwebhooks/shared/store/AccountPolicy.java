package io.backupwebhooks.shared.store;

import java.time.Instant;

/** An account's backup policy: its name and schedule (5-field cron in an IANA time zone). */
public record AccountPolicy(
        String account,
        String accountPolicyId,
        String name,
        String schedule,
        String timezone,
        Instant createdAt,
        Instant updatedAt) {}
