package io.backupwebhooks.shared.store;

import java.time.Instant;

/**
 * A server under an account policy. It carries a copy of its account policy's name, schedule and time zone, so
 * that the missed-backup scan reads one item per due server policy, and the scan's state: every scheduled start up
 * to {@code checkedThrough} is settled, and {@code nextCheckAt} (null when disabled or when the schedule never fires
 * again) is when the next one is due for a check. {@code version} grows with every write. {@code feed}: written by
 * the policy feed, null when made through the admin API; a feed server policy whose account policy is unknown or
 * deleted has no copy of it (null name, schedule, time zone) and is not checked. {@code accountPolicyVersion}: the
 * feed version of the account policy its copy came from (null when that one is not the feed's), so that a late
 * change of an older version never overwrites a newer copy. {@code lastMissedAt}: the latest missed start the scan
 * reported (null: none yet), for the Webhooks page.
 */
public record ServerPolicy(
        String account,
        String accountPolicyId,
        String serverPolicyId,
        String server,
        String storageRegion,
        boolean enabled,
        Instant enabledAt,
        Instant createdAt,
        Instant updatedAt,
        String accountPolicyName,
        String schedule,
        String timezone,
        Instant checkedThrough,
        Instant nextCheckAt,
        long version,
        FeedState feed,
        Long accountPolicyVersion,
        Instant lastMissedAt) {

    public ServerPolicy(
            String account,
            String accountPolicyId,
            String serverPolicyId,
            String server,
            String storageRegion,
            boolean enabled,
            Instant enabledAt,
            Instant createdAt,
            Instant updatedAt,
            String accountPolicyName,
            String schedule,
            String timezone,
            Instant checkedThrough,
            Instant nextCheckAt,
            long version) {
        this(
                account,
                accountPolicyId,
                serverPolicyId,
                server,
                storageRegion,
                enabled,
                enabledAt,
                createdAt,
                updatedAt,
                accountPolicyName,
                schedule,
                timezone,
                checkedThrough,
                nextCheckAt,
                version,
                null,
                null,
                null);
    }

    /** A live policy (not a tombstone). */
    public boolean live() {
        return feed == null || !feed.deleted();
    }

    public boolean fromFeed() {
        return feed != null;
    }

    /** This policy with another feed state. */
    public ServerPolicy withFeed(FeedState state) {
        return new ServerPolicy(
                account,
                accountPolicyId,
                serverPolicyId,
                server,
                storageRegion,
                enabled,
                enabledAt,
                createdAt,
                updatedAt,
                accountPolicyName,
                schedule,
                timezone,
                checkedThrough,
                nextCheckAt,
                version,
                state,
                accountPolicyVersion,
                lastMissedAt);
    }
}
