package io.backupwebhooks.shared.store;

import java.time.Instant;

/**
 * An account's backup policy: its name and schedule (5-field cron or interval, in an IANA time zone). {@code feed}:
 * written by the policy feed (a tombstone has no name or schedule), null when made through the admin API.
 */
public record AccountPolicy(
        String account,
        String accountPolicyId,
        String name,
        String schedule,
        String timezone,
        Instant createdAt,
        Instant updatedAt,
        FeedState feed) {

    public AccountPolicy(
            String account,
            String accountPolicyId,
            String name,
            String schedule,
            String timezone,
            Instant createdAt,
            Instant updatedAt) {
        this(account, accountPolicyId, name, schedule, timezone, createdAt, updatedAt, null);
    }

    /** A live policy (not a tombstone). */
    public boolean live() {
        return feed == null || !feed.deleted();
    }

    public boolean fromFeed() {
        return feed != null;
    }
}
