package io.backupwebhooks.shared.store;

import java.time.Instant;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.Delivery.Outcome;

/**
 * What happened to one backup, as the daily report shows it: a completion (SUCCESS, PARTIAL_SUCCESS, FAILED) at its
 * finish time, or a missed start (MISSING) at its scheduled time; and, when a webhook was attempted for it, that
 * attempt's outcome ({@code webhook} null: no subscription, nothing sent).
 */
public record BackupOutcome(
        String account,
        String eventId,
        EventType type,
        Instant at,
        String server,
        String serverPolicyId,
        String accountPolicyId,
        String accountPolicyName,
        String restorePointId,
        Outcome webhook,
        Integer webhookStatus,
        String webhookError) {

    /** The same outcome with the webhook attempt made for it (null: none). */
    public BackupOutcome withAttempt(Delivery attempt) {
        if (attempt == null || attempt.outcome() == null) {
            return this;
        }
        return new BackupOutcome(
                account,
                eventId,
                type,
                at,
                server,
                serverPolicyId,
                accountPolicyId,
                accountPolicyName,
                restorePointId,
                attempt.outcome(),
                attempt.statusCode(),
                attempt.error());
    }
}
