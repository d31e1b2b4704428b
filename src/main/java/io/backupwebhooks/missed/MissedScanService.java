package io.backupwebhooks.missed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.observability.LogContext;
import io.backupwebhooks.shared.observability.Metrics;
import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.BackupOutcome;
import io.backupwebhooks.shared.store.OutcomeStore;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.store.StartStore;
import io.backupwebhooks.shared.webhook.Payloads;
import io.backupwebhooks.shared.webhook.WebhookDispatcher;
import io.backupwebhooks.shared.webhook.WebhookEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * One scan: reads the due server policies from the index, shard by shard in parallel, judges each one's scheduled
 * starts, reports the missed ones (oldest first) through the shared dispatcher, and advances the policy's next check
 * with a versioned write. Every missed start is reported once: its webhook id is fixed by (policy, start), so
 * overlapping or repeated scans find its claim; a policy not advanced (a crash, a lost race) is simply judged again.
 */
@ApplicationScoped
public class MissedScanService {

    private static final Logger LOG = Logger.getLogger(MissedScanService.class);

    private final ServerPolicyStore servers;
    private final StartStore starts;
    private final OutcomeStore outcomes;
    private final WebhookDispatcher dispatcher;
    private final MissedChecks checks;
    private final Duration budget;
    private final int concurrency;

    MissedScanService(ServerPolicyStore servers, StartStore starts, OutcomeStore outcomes, WebhookDispatcher dispatcher,
            MissedChecks checks, ServiceConfig config) {
        this.servers = servers;
        this.starts = starts;
        this.outcomes = outcomes;
        this.dispatcher = dispatcher;
        this.checks = checks;
        this.budget = config.scan().budget();
        this.concurrency = Math.max(1, Math.min(config.scan().concurrency(), ServerPolicyStore.SHARDS));
    }

    public ScanReport scan(Instant now) {
        long deadline = System.nanoTime() + budget.toNanos();
        Tally tally = new Tally();
        ExecutorService pool = Infrastructure.getDefaultWorkerPool();
        List<Future<?>> shards = new ArrayList<>();
        AtomicInteger nextShard = new AtomicInteger();
        for (int worker = 0; worker < concurrency; worker++) {
            shards.add(pool.submit(LogContext.propagating(() -> {
                for (int shard = nextShard.getAndIncrement(); shard < ServerPolicyStore.SHARDS;
                        shard = nextShard.getAndIncrement()) {
                    scanShard(shard, now, deadline, tally);
                }
            })));
        }
        for (Future<?> shard : shards) {
            try {
                shard.get();
            } catch (ExecutionException e) {
                LOG.error("a shard of the scan failed; its policies stay due", e.getCause());
                tally.failed.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("scan interrupted", e);
            }
        }
        ScanReport report = new ScanReport(now.toString(), tally.due.get(), tally.checked.get(), tally.missed.get(),
                tally.failed.get(), !tally.outOfTime.get() && tally.failed.get() == 0);
        Instant oldest = tally.oldestLeftDue.get();
        long lagSeconds = oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toSeconds());
        Metrics.scan(report.due(), report.checked(), report.missed(), report.failed(), lagSeconds, report.complete(),
                "scan at " + now + ": " + report + ", lag " + lagSeconds + " s");
        return report;
    }

    private void scanShard(int shard, Instant now, long deadline, Tally tally) {
        var due = servers.due(shard, now).iterator();
        while (due.hasNext()) {
            if (System.nanoTime() > deadline) {
                tally.outOfTime.set(true);
                tally.leftDue(due.next().nextCheckAt()); // the shard's oldest left due (the index is in time order)
                return;
            }
            ServerPolicy policy = due.next();
            tally.due.incrementAndGet();
            try {
                tally.missed.addAndGet(check(policy, now, deadline, tally));
                tally.checked.incrementAndGet();
            } catch (RuntimeException e) {
                LOG.warnf("check of server policy %s failed, it stays due: %s", policy.serverPolicyId(), e.toString());
                tally.failed.incrementAndGet();
                tally.leftDue(policy.nextCheckAt());
            }
        }
    }

    /**
     * Judges one due policy, reports its missed starts (oldest first) and advances it; returns how many starts were
     * missed. Out of time before a report, it settles only the starts handled so far and leaves the policy due.
     */
    int check(ServerPolicy policy, Instant now, long deadline, Tally tally) {
        Schedule schedule;
        try {
            schedule = Schedule.of(policy.schedule(), policy.timezone());
        } catch (IllegalArgumentException e) {
            LOG.warnf("server policy %s has an unusable schedule and is no longer checked: %s",
                    policy.serverPolicyId(), e.getMessage());
            servers.advance(policy, policy.checkedThrough(), null);
            return 0;
        }
        MissedChecks.Plan plan = checks.plan(policy, schedule, now);
        List<Instant> candidates = plan.candidates();
        Instant settled = plan.settledThrough();
        Instant next = plan.nextCheckAt();
        int missed = 0;
        if (!candidates.isEmpty()) {
            List<Instant> recorded = starts.startsBetween(policy.account(), policy.serverPolicyId(),
                    candidates.get(0).minus(MissedChecks.BEFORE),
                    candidates.get(candidates.size() - 1).plus(MissedChecks.AFTER));
            for (int i = 0; i < candidates.size(); i++) {
                Instant scheduled = candidates.get(i);
                if (MissedChecks.started(scheduled, recorded)) {
                    continue;
                }
                if (System.nanoTime() > deadline) {
                    tally.outOfTime.set(true);
                    settled = i == 0 ? policy.checkedThrough() : candidates.get(i - 1);
                    next = checks.nextCheckAt(schedule, settled); // already due: the next scan goes on from here
                    tally.leftDue(next);
                    break;
                }
                WebhookEvent event = missing(policy, scheduled);
                BackupOutcome outcome = outcomeOf(policy, scheduled, event.eventId());
                dispatcher.dispatch(event, List.of(), attempt -> outcomes.recordWrite(outcome.withAttempt(attempt)));
                missed++;
            }
        }
        servers.advance(policy, settled, next);
        return missed;
    }

    /** What the daily report shows of a missed start, recorded whether or not it is subscribed. */
    static BackupOutcome outcomeOf(ServerPolicy p, Instant scheduled, String eventId) {
        return new BackupOutcome(p.account(), eventId, EventType.MISSING, scheduled, p.server(), p.serverPolicyId(),
                p.accountPolicyId(), p.accountPolicyName(), null, null, null, null);
    }

    static WebhookEvent missing(ServerPolicy p, Instant scheduled) {
        String body = Payloads.missing(new Payloads.Missing(p.account(), p.server(), p.serverPolicyId(),
                p.accountPolicyName(), p.accountPolicyId(), p.storageRegion(), scheduled));
        String id = WebhookEvent.idOf(EventType.MISSING.name(), p.account(), p.serverPolicyId(), scheduled.toString());
        return new WebhookEvent(id, p.account(), EventType.MISSING, body);
    }

    private static final class Tally {
        final AtomicInteger due = new AtomicInteger();
        final AtomicInteger checked = new AtomicInteger();
        final AtomicInteger missed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicBoolean outOfTime = new AtomicBoolean();
        /** The earliest nextCheckAt of the policies this scan leaves due (for the ScanLag metric). */
        final java.util.concurrent.atomic.AtomicReference<Instant> oldestLeftDue =
                new java.util.concurrent.atomic.AtomicReference<>();

        void leftDue(Instant nextCheckAt) {
            if (nextCheckAt != null) {
                oldestLeftDue.accumulateAndGet(nextCheckAt, (a, b) -> a == null || b.isBefore(a) ? b : a);
            }
        }
    }
}
