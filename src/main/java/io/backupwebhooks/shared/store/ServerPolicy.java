package io.backupwebhooks.shared.store;

import java.time.Instant;

/**
 * A server under an account policy. It carries a copy of its account policy's name, schedule and time zone, so
 * that the missed-backup scan reads one item per due server policy, and the scan's state: every scheduled start up
 * to {@code checkedThrough} is settled, and {@code nextCheckAt} (null when disabled or when the schedule never fires
 * again) is when the next one is due for a check. {@code version} grows with every write.
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
        long version) {}
