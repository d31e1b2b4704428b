package io.backupwebhooks.shared.store;

import java.time.Instant;

/**
 * What the policy feed (spec §5) keeps on a policy it wrote; null on a policy made through the admin API.
 *
 * @param version the backup service's version of the policy: a message applies only when its version is higher
 * @param deleted a tombstone: the policy is gone, kept until {@code expiresAt} so that a late, lower version cannot
 *     bring it back
 * @param syncId the last full resynchronisation the policy was part of (null: none yet)
 * @param syncedAt when the policy was marked as part of {@code syncId}
 * @param appliedAt when the feed last changed the policy
 * @param expiresAt tombstones only: when DynamoDB may remove the item (TTL)
 * @param fanOutPending account policies only: its change still has to reach its server policies
 */
public record FeedState(
        long version,
        boolean deleted,
        String syncId,
        Instant syncedAt,
        Instant appliedAt,
        Instant expiresAt,
        boolean fanOutPending) {

    /** This state, marked as part of the resynchronisation {@code syncId} at {@code at}. */
    public FeedState inSync(String syncId, Instant at) {
        return new FeedState(version, deleted, syncId, at, appliedAt, expiresAt, fanOutPending);
    }
}
