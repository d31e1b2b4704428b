package io.backupwebhooks.shared.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.store.ServerPolicy;

/**
 * The rules of spec §3 as pure functions, the one home of a server policy's check state for the admin API (which
 * saves server policies) and the scan (which advances them). A scheduled start {@code S} is judged once
 * {@code now >= S + 1 h + grace}; it is missed when no start was recorded in [{@code S - 15 min}, {@code S + 1 h}].
 * Starts before the policy was enabled, and starts more than {@code lookBack} ago, are never judged.
 */
@ApplicationScoped
public class MissedChecks {

    public static final Duration BEFORE = Duration.ofMinutes(15);
    public static final Duration AFTER = Duration.ofHours(1);

    /** What one check of a server policy covers, and where it leaves the policy. */
    public record Plan(List<Instant> candidates, Instant settledThrough, Instant nextCheckAt) {}

    /**
     * A server policy's check state: enabled since {@code enabledAt}, every scheduled start up to
     * {@code checkedThrough} settled, next check at {@code nextCheckAt} (null: not in the due index).
     */
    public record CheckState(Instant enabledAt, Instant checkedThrough, Instant nextCheckAt) {}

    private final Duration grace;
    private final Duration lookBack;

    @Inject
    public MissedChecks(ServiceConfig config) {
        this(config.scan().grace(), config.scan().lookBack());
    }

    public MissedChecks(Duration grace, Duration lookBack) {
        this.grace = grace;
        this.lookBack = lookBack;
    }

    /** When the first scheduled start after {@code settledThrough} can be judged; null if there is none. */
    public Instant nextCheckAt(Schedule schedule, Instant settledThrough) {
        return schedule.nextAfter(settledThrough)
                .map(s -> s.plus(AFTER).plus(grace))
                .orElse(null);
    }

    /**
     * The check state of a server policy saved at {@code now} with {@code enabled} and {@code schedule} (its copy of
     * the account policy's). Checks restart from now (starts scheduled before are never reported) for a new server
     * policy ({@code current} null), one enabled anew, or one whose schedule or time zone changes; a disabled one
     * leaves the due index; any other change keeps the state {@code current} has. A null {@code schedule} (a feed
     * server policy whose account policy is unknown or deleted) is not checked, and is checked from when it gets one.
     */
    public CheckState afterSave(ServerPolicy current, boolean enabled, Schedule schedule, Instant now) {
        boolean enabledAnew = current == null || enabled && !current.enabled();
        boolean rescheduled = current != null
                && (schedule == null
                        || current.schedule() == null
                        || !current.schedule().equals(schedule.expression())
                        || !current.timezone().equals(schedule.zone().getId()));
        boolean restart = enabledAnew || rescheduled;
        Instant enabledAt = enabledAnew ? now : current.enabledAt();
        Instant checkedThrough = restart ? now : current.checkedThrough();
        Instant next =
                !enabled || schedule == null ? null : restart ? nextCheckAt(schedule, now) : current.nextCheckAt();
        return new CheckState(enabledAt, checkedThrough, next);
    }

    public Plan plan(ServerPolicy policy, Schedule schedule, Instant now) {
        Instant horizon = now.minus(AFTER).minus(grace);
        Instant from = latest(
                policy.checkedThrough(),
                policy.enabledAt().minusMillis(1),
                now.minus(lookBack).minusMillis(1));
        List<Instant> candidates = horizon.isAfter(from) ? schedule.between(from, horizon) : List.of();
        Instant settled = latest(policy.checkedThrough(), horizon);
        return new Plan(candidates, settled, nextCheckAt(schedule, settled));
    }

    /** True when a start in {@code starts} lies in the window of {@code scheduled}. */
    public static boolean started(Instant scheduled, List<Instant> starts) {
        Instant from = scheduled.minus(BEFORE);
        Instant to = scheduled.plus(AFTER);
        return starts.stream().anyMatch(s -> !s.isBefore(from) && !s.isAfter(to));
    }

    private static Instant latest(Instant... instants) {
        Instant latest = instants[0];
        for (Instant i : instants) {
            if (i.isAfter(latest)) {
                latest = i;
            }
        }
        return latest;
    }
}
