package io.backupwebhooks.missed;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.observability.Metrics;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.work.Workers;

/**
 * One scan detects; the delivery function sends. In three steps, each a class of its own:
 * <ol>
 * <li><b>judge</b> ({@link MissedStartJudge}): reads the due server policies from the index, shard by shard in parallel, and judges each one's
 * scheduled starts against its recorded starts; a policy with nothing missed is advanced at once;</li>
 * <li><b>order</b> ({@link AlertOrder}): the policies with missed starts are taken round-robin across accounts (every account's first policy
 * before anyone's second), at most {@code alerts-per-account} missed starts per account (but always its first
 * policy); the rest stays due for the next scan;</li>
 * <li><b>enqueue</b> ({@link AlertEnqueuer}): one message per missed start to the missing-alerts queue, 10 a request, and a policy is advanced
 * once SQS accepted every one of its messages. A policy with a message not accepted is not advanced: it stays due,
 * and the next scan enqueues its starts again, which the delivery function's claim makes one POST each.</li>
 * </ol>
 * Judging stops at half the time budget (or at {@code alerts-per-scan} missed starts), enqueuing at the budget.
 */
@ApplicationScoped
public class MissedScanService {

    private static final Logger LOG = Logger.getLogger(MissedScanService.class);
    static final String FAILED_PART = "a part of the scan failed; its policies stay due";

    private final ServerPolicyStore servers;
    private final MissedStartJudge judge;
    private final AlertEnqueuer enqueuer;
    private final Duration budget;
    private final int concurrency;
    private final int alertsPerAccount;
    private final int alertsPerScan;

    MissedScanService(ServerPolicyStore servers, MissedStartJudge judge, AlertEnqueuer enqueuer, ServiceConfig config) {
        this.servers = servers;
        this.judge = judge;
        this.enqueuer = enqueuer;
        this.budget = config.scan().budget();
        this.concurrency = Math.max(1, Math.min(config.scan().concurrency(), ServerPolicyStore.SHARDS));
        this.alertsPerAccount = Math.max(1, config.scan().alertsPerAccount());
        this.alertsPerScan = Math.max(1, config.scan().alertsPerScan());
    }

    public ScanReport scan(Instant now) {
        long start = System.nanoTime();
        long judgeUntil = start + budget.toNanos() / 2;
        long enqueueUntil = start + budget.toNanos();
        ScanTally tally = new ScanTally();
        ConcurrentLinkedQueue<Found> found = new ConcurrentLinkedQueue<>();
        tally.failed.addAndGet(Workers.overShards(
                ServerPolicyStore.SHARDS,
                concurrency,
                shard -> judgeShard(shard, now, judgeUntil, tally, found),
                FAILED_PART));

        List<Found> order = AlertOrder.interleave(found, alertsPerAccount, tally);
        enqueuer.enqueue(order, enqueueUntil, tally);

        ScanReport report = new ScanReport(
                now.toString(),
                tally.due.get(),
                tally.checked.get(),
                tally.missed.get(),
                tally.deferred.get(),
                tally.failed.get(),
                !tally.outOfTime.get() && tally.failed.get() == 0 && tally.deferred.get() == 0);
        Instant oldest = tally.oldestLeftDue.get();
        long lagSeconds =
                oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toSeconds());
        Metrics.scan(
                report.due(),
                report.checked(),
                report.missed(),
                report.failed(),
                lagSeconds,
                report.complete(),
                "scan at " + now + ": " + report + ", lag " + lagSeconds + " s");
        return report;
    }

    private void judgeShard(
            int shard, Instant now, long deadline, ScanTally tally, ConcurrentLinkedQueue<Found> found) {
        var due = servers.due(shard, now).iterator();
        while (due.hasNext()) {
            if (System.nanoTime() > deadline || tally.found.get() >= alertsPerScan) {
                tally.outOfTime.set(true);
                tally.leftDue(due.next().nextCheckAt()); // the shard's oldest left due (the index is in time order)
                return;
            }
            ServerPolicy policy = due.next();
            tally.due.incrementAndGet();
            try {
                Found missed = judge.judge(policy, now);
                if (missed == null) {
                    tally.checked.incrementAndGet();
                } else {
                    tally.found.addAndGet(missed.alerts.size());
                    found.add(missed);
                }
            } catch (RuntimeException e) {
                LOG.warnf("check of server policy %s failed, it stays due: %s", policy.serverPolicyId(), e.toString());
                tally.failed.incrementAndGet();
                tally.leftDue(policy.nextCheckAt());
            }
        }
    }
}
