package io.backupwebhooks.delivery;

import java.time.OffsetDateTime;

import io.backupwebhooks.shared.EventType;

/**
 * A backup lifecycle event from the queue (spec §1). For a start, {@code status}, {@code accountPolicyName} and
 * {@code finishedDate} are null; {@code restorePointId} is optional in a start and {@code startedDate} in a completion.
 */
public record LifecycleEvent(
        Kind type,
        EventType status,
        String account,
        String server,
        String serverPolicyId,
        String accountPolicyId,
        String accountPolicyName,
        String restorePointId,
        OffsetDateTime startedDate,
        OffsetDateTime finishedDate) {

    public enum Kind {
        BACKUP_STARTED,
        BACKUP_COMPLETED
    }

    public boolean isCompletion() {
        return type == Kind.BACKUP_COMPLETED;
    }
}
