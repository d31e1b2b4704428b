package io.backupwebhooks.missed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.observability.Metrics;
import io.backupwebhooks.shared.queue.AlertQueue;
import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.store.StartStore;
import io.backupwebhooks.shared.webhook.MissingAlert;
import io.backupwebhooks.shared.work.Workers;

/**
 * One scan detects; the delivery function sends. In three steps:
 * <ol>
 * <li><b>judge</b>: reads the due server policies from the index, shard by shard in parallel, and judges each one's
 * scheduled starts against its recorded starts; a policy with nothing missed is advanced at once;</li>
 * <li><b>order</b>: the policies with missed starts are taken round-robin across accounts (every account's first policy
 * before anyone's second), at most {@code alerts-per-account} missed starts per account (but always its first
 * policy); the rest stays due for the next scan;</li>
 * <li><b>enqueue</b>: one message per missed start to the missing-alerts queue, 10 a request, and a policy is advanced
 * once SQS accepted every one of its messages. A policy with a message not accepted is not advanced: it stays due,
 * and the next scan enqueues its starts again, which the delivery function's claim makes one POST each.</li>
 * </ol>
 * Judging stops at half the time budget (or at {@code alerts-per-scan} missed starts), enqueuing at the budget.
 */
@ApplicationScoped
public class MissedScanService {

    private static final Logger LOG = Logger.getLogger(MissedScanService.class);
    private static final String FAILED_PART = "a part of the scan failed; its policies stay due";

    private final ServerPolicyStore servers;
    private final StartStore starts;
    private final AlertQueue queue;
    private final MissedChecks checks;
    private final Duration budget;
    private final int concurrency;
    private final int alertsPerAccount;
    private final int alertsPerScan;

    MissedScanService(ServerPolicyStore servers, StartStore starts, AlertQueue queue, MissedChecks checks,
            ServiceConfig config) {
        this.servers = servers;
        this.starts = starts;
        this.queue = queue;
        this.checks = checks;
        this.budget = config.scan().budget();
        this.concurrency = Math.max(1, Math.min(config.scan().concurrency(), ServerPolicyStore.SHARDS));
        this.alertsPerAccount = Math.max(1, config.scan().alertsPerAccount());
        this.alertsPerScan = Math.max(1, config.scan().alertsPerScan());
    }

    /** A judged policy with missed starts, waiting for SQS to accept them before it is advanced. */
    static final class Found {
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

    public ScanReport scan(Instant now) {
        long start = System.nanoTime();
        long judgeUntil = start + budget.toNanos() / 2;
        long enqueueUntil = start + budget.toNanos();
        Tally tally = new Tally();
        ConcurrentLinkedQueue<Found> found = new ConcurrentLinkedQueue<>();
        tally.failed.addAndGet(Workers.overShards(ServerPolicyStore.SHARDS, concurrency,
                shard -> judgeShard(shard, now, judgeUntil, tally, found), FAILED_PART));

        List<Found> order = interleave(found, alertsPerAccount, tally);
        enqueue(order, enqueueUntil, tally);

        ScanReport report = new ScanReport(now.toString(), tally.due.get(), tally.checked.get(), tally.missed.get(),
                tally.deferred.get(), tally.failed.get(),
                !tally.outOfTime.get() && tally.failed.get() == 0 && tally.deferred.get() == 0);
        Instant oldest = tally.oldestLeftDue.get();
        long lagSeconds = oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toSeconds());
        Metrics.scan(report.due(), report.checked(), report.missed(), report.failed(), lagSeconds, report.complete(),
                "scan at " + now + ": " + report + ", lag " + lagSeconds + " s");
        return report;
    }

    private void judgeShard(int shard, Instant now, long deadline, Tally tally, ConcurrentLinkedQueue<Found> found) {
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
                Found missed = judge(policy, now);
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

    /**
     * Judges one due policy: advances it when nothing was missed (returns null), else returns its missed starts,
     * oldest first, to be enqueued before it is advanced.
     */
    Found judge(ServerPolicy policy, Instant now) {
        Schedule schedule;
        try {
            schedule = Schedule.of(policy.schedule(), policy.timezone());
        } catch (IllegalArgumentException e) {
            LOG.warnf("server policy %s has an unusable schedule and is no longer checked: %s",
                    policy.serverPolicyId(), e.getMessage());
            servers.advance(policy, policy.checkedThrough(), null);
            return null;
        }
        MissedChecks.Plan plan = checks.plan(policy, schedule, now);
        List<Instant> candidates = plan.candidates();
        List<MissingAlert> alerts = new ArrayList<>();
        if (!candidates.isEmpty()) {
            List<Instant> recorded = starts.startsBetween(policy.account(), policy.serverPolicyId(),
                    candidates.get(0).minus(MissedChecks.BEFORE),
                    candidates.get(candidates.size() - 1).plus(MissedChecks.AFTER));
            for (Instant scheduled : candidates) {
                if (!MissedChecks.started(scheduled, recorded)) {
                    alerts.add(alert(policy, scheduled));
                }
            }
        }
        if (alerts.isEmpty()) {
            servers.advance(policy, plan.settledThrough(), plan.nextCheckAt());
            return null;
        }
        return new Found(policy, plan.settledThrough(), plan.nextCheckAt(), alerts);
    }

    /**
     * The order in which found policies are enqueued: round-robin across accounts (in the order they were found),
     * each account's policies in the order they were found; an account's policies beyond {@code perAccount} missed
     * starts are left out (they stay due), but its first policy is always taken.
     */
    static List<Found> interleave(Iterable<Found> found, int perAccount, Tally tally) {
        Map<String, List<Found>> byAccount = new LinkedHashMap<>();
        Map<String, Integer> taken = new LinkedHashMap<>();
        for (Found f : found) {
            List<Found> own = byAccount.computeIfAbsent(f.policy.account(), a -> new ArrayList<>());
            int alerts = taken.getOrDefault(f.policy.account(), 0);
            if (!own.isEmpty() && alerts + f.alerts.size() > perAccount) {
                if (tally != null) {
                    tally.deferred.incrementAndGet();
                    tally.leftDue(f.policy.nextCheckAt());
                }
                continue;
            }
            own.add(f);
            taken.put(f.policy.account(), alerts + f.alerts.size());
        }
        List<Found> order = new ArrayList<>();
        for (int round = 0; order.size() < byAccount.values().stream().mapToInt(List::size).sum(); round++) {
            for (List<Found> own : byAccount.values()) {
                if (round < own.size()) {
                    order.add(own.get(round));
                }
            }
        }
        return order;
    }

    /** Sends the alerts in {@code order}, 10 a request, {@code concurrency} requests at a time; advances as accepted. */
    private void enqueue(List<Found> order, long deadline, Tally tally) {
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
        tally.failed.addAndGet(Workers.await(sends, FAILED_PART));
        for (int i = sent; i < order.size(); i++) {
            tally.deferred.incrementAndGet();
            tally.leftDue(order.get(i).policy.nextCheckAt());
        }
    }

    private Future<?> submit(List<MissingAlert> alerts, List<Found> owners, Semaphore inFlight, Tally tally) {
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

    private void advance(Found f, Tally tally) {
        try {
            servers.advance(f.policy, f.settled, f.next);
            tally.checked.incrementAndGet();
        } catch (RuntimeException e) {
            // its alerts are on the queue; the policy stays due and its next scan enqueues them again (one POST each)
            LOG.warnf("advancing server policy %s failed, it stays due: %s", f.policy.serverPolicyId(), e.toString());
            tally.failed.incrementAndGet();
        }
    }

    static MissingAlert alert(ServerPolicy p, Instant scheduled) {
        return MissingAlert.of(p.account(), p.server(), p.serverPolicyId(), p.accountPolicyId(),
                p.accountPolicyName(), p.storageRegion(), scheduled);
    }

    static final class Tally {
        final AtomicInteger due = new AtomicInteger();
        final AtomicInteger checked = new AtomicInteger();
        final AtomicInteger found = new AtomicInteger();
        final AtomicInteger missed = new AtomicInteger();
        final AtomicInteger deferred = new AtomicInteger();
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
