package io.backupwebhooks.missed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.store.StartStore;
import io.backupwebhooks.shared.webhook.MissingAlert;

/** The scan's first step for one due server policy: its scheduled starts judged against its recorded starts. */
@ApplicationScoped
class MissedStartJudge {

    private static final Logger LOG = Logger.getLogger(MissedStartJudge.class);

    private final ServerPolicyStore servers;
    private final StartStore starts;
    private final MissedChecks checks;

    MissedStartJudge(ServerPolicyStore servers, StartStore starts, MissedChecks checks) {
        this.servers = servers;
        this.starts = starts;
        this.checks = checks;
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
            LOG.warnf(
                    "server policy %s has an unusable schedule and is no longer checked: %s",
                    policy.serverPolicyId(), e.getMessage());
            servers.advance(policy, policy.checkedThrough(), null);
            return null;
        }
        MissedChecks.Plan plan = checks.plan(policy, schedule, now);
        List<Instant> candidates = plan.candidates();
        List<MissingAlert> alerts = new ArrayList<>();
        if (!candidates.isEmpty()) {
            List<Instant> recorded = starts.startsBetween(
                    policy.account(),
                    policy.serverPolicyId(),
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

    static MissingAlert alert(ServerPolicy p, Instant scheduled) {
        return MissingAlert.of(
                p.account(),
                p.server(),
                p.serverPolicyId(),
                p.accountPolicyId(),
                p.accountPolicyName(),
                p.storageRegion(),
                scheduled);
    }
}
