package io.backupwebhooks.shared.store;

import java.time.Instant;

/** A recorded backup start of a server policy, what the missed-backup scan looks for. */
public record Start(
        String serverPolicyId,
        Instant startedAt,
        String account,
        String server,
        String accountPolicyId,
        String restorePointId) {}
