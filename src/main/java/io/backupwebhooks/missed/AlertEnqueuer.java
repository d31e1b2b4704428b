package io.backupwebhooks.missed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.queue.AlertQueue;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.webhook.MissingAlert;
import io.backupwebhooks.shared.work.Workers;

/**
 * The scan's third step: one message per missed start to the missing-alerts queue, 10 a request, a policy advanced
 * once SQS accepted every one of its messages.
 */
@ApplicationScoped
class AlertEnqueuer {

    private static final Logger LOG = Logger.getLogger(AlertEnqueuer.class);

    private final ServerPolicyStore servers;
    private final AlertQueue queue;
    private final int concurrency;

    AlertEnqueuer(ServerPolicyStore servers, AlertQueue queue, ServiceConfig config) {
        this.servers = servers;
        this.queue = queue;
        this.concurrency = Math.max(1, Math.min(config.scan().concurrency(), ServerPolicyStore.SHARDS));
    }

    /** Sends the alerts in {@code order}, 10 a request, {@code concurrency} requests at a time; advances as accepted. */
    void enqueue(List<Found> order, long deadline, ScanTally tally) {
        List<Found> owners = new ArrayList<>(AlertQueue.BATCH);
        List<MissingAlert> batch = new ArrayList<>(AlertQueue.BATCH);
        Semaphore inFlight = new Semaphore(concurrency);
        List<Future<?>> sends = new ArrayList<>();
        int sent = 0;
        for (Found f : order) {
            if (System.nanoTime() > deadline) {
                tally.outOfTime.set(true);
                break; // this policy and the rest stay due (whole policies only: none is cut in half)
            }
            for (MissingAlert alert : f.alerts) {
                owners.add(f);
                batch.add(alert);
                if (batch.size() == AlertQueue.BATCH) {
                    sends.add(submit(List.copyOf(batch), List.copyOf(owners), inFlight, tally));
                    batch.clear();
                    owners.clear();
                }
            }
            sent++;
        }
        if (!batch.isEmpty()) {
            sends.add(submit(List.copyOf(batch), List.copyOf(owners), inFlight, tally));
        }
        tally.failed.addAndGet(Workers.await(sends, MissedScanService.FAILED_PART));
        for (int i = sent; i < order.size(); i++) {
            tally.deferred.incrementAndGet();
            tally.leftDue(order.get(i).policy.nextCheckAt());
        }
    }

    private Future<?> submit(List<MissingAlert> alerts, List<Found> owners, Semaphore inFlight, ScanTally tally) {
        inFlight.acquireUninterruptibly();
        return Workers.submit(() -> {
            try {
                boolean[] accepted = queue.send(alerts);
                for (int i = 0; i < alerts.size(); i++) {
                    Found owner = owners.get(i);
                    if (accepted[i]) {
                        tally.missed.incrementAndGet();
                    } else if (owner.refused.compareAndSet(false, true)) {
                        tally.failed.incrementAndGet();
                        tally.leftDue(owner.policy.nextCheckAt());
                    }
                    if (owner.pending.decrementAndGet() == 0 && !owner.refused.get()) {
                        advance(owner, tally);
                    }
                }
            } finally {
                inFlight.release();
            }
        });
    }

    private void advance(Found f, ScanTally tally) {
        try {
            Instant lastMissed = f.alerts.stream()
                    .map(MissingAlert::expectedDate)
                    .max(java.util.Comparator.naturalOrder())
                    .orElse(null);
            servers.advance(f.policy, f.settled, f.next, lastMissed);
            tally.checked.incrementAndGet();
        } catch (RuntimeException e) {
            // its alerts are on the queue; the policy stays due and its next scan enqueues them again (one POST each)
            LOG.warnf("advancing server policy %s failed, it stays due: %s", f.policy.serverPolicyId(), e.toString());
            tally.failed.incrementAndGet();
        }
    }
}
