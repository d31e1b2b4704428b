package io.backupwebhooks.missed;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.webhook.MissingAlert;

/** A judged policy with missed starts, waiting for SQS to accept them before it is advanced. */
final class Found {
    final ServerPolicy policy;
    final Instant settled;
    final Instant next;
    final List<MissingAlert> alerts;
    final AtomicInteger pending;
    final AtomicBoolean refused = new AtomicBoolean();

    Found(ServerPolicy policy, Instant settled, Instant next, List<MissingAlert> alerts) {
        this.policy = policy;
        this.settled = settled;
        this.next = next;
        this.alerts = alerts;
        this.pending = new AtomicInteger(alerts.size());
    }
}
