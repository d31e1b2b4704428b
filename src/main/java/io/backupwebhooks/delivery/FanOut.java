package io.backupwebhooks.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.MissedChecks.CheckState;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.AccountPolicy;
import io.backupwebhooks.shared.store.AccountPolicyStore;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.webhook.RetryLaterException;
import io.backupwebhooks.shared.work.Workers;

/**
 * A feed account policy's change reaching its server policies: each keeps a copy of its name and schedule (the scan
 * reads one item per due server policy), tagged with the account policy's version, so that a late, older change never
 * overwrites a newer copy.
 */
@ApplicationScoped
class FanOut {

    private static final int ATTEMPTS = 5;

    private final AccountPolicyStore policies;
    private final ServerPolicyStore servers;
    private final MissedChecks checks;
    private final Duration budget;
    private final int concurrency;

    FanOut(AccountPolicyStore policies, ServerPolicyStore servers, MissedChecks checks, ServiceConfig config) {
        this.policies = policies;
        this.servers = servers;
        this.checks = checks;
        this.budget = config.feed().budget();
        this.concurrency = config.feed().concurrency();
    }

    /**
     * Brings an account policy's change to each of its server policies, at most {@link ServiceConfig.Feed#budget}
     * long (then the record fails and its return resumes here), and clears {@code fanOutPending}. Two passes: a server
     * policy written while the first ran, from a read of the account policy before this change, is caught by the
     * second (what is left of that race, the sweep of the next full resynchronisation repairs).
     */
    void apply(AccountPolicy policy, Instant at) {
        Instant deadline = Instant.now().plus(budget);
        for (int pass = 0; pass < 2; pass++) {
            List<ServerPolicy> behind = servers.listAll(policy.account(), policy.accountPolicyId()).stream()
                    .filter(s -> following(s, policy, at) != null)
                    .toList();
            int failed = Workers.overShards(
                    behind.size(),
                    concurrency,
                    i -> {
                        if (Instant.now().isAfter(deadline)) {
                            throw new RetryLaterException("over budget");
                        }
                        follow(behind.get(i), policy, at);
                    },
                    "A server policy did not take its account policy's change");
            if (failed > 0) {
                throw new RetryLaterException(failed + " of " + behind.size() + " server policies of account policy "
                        + policy.accountPolicyId() + " did not take its change yet; the record comes back to finish");
            }
        }
        if (policy.feed() != null) {
            policies.fanOutDone(
                    policy.account(), policy.accountPolicyId(), policy.feed().version());
        }
    }

    /** Writes the account policy's name and schedule into one server policy, if its copy differs. */
    void follow(ServerPolicy server, AccountPolicy policy, Instant at) {
        ServerPolicy current = server;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ServerPolicy next = following(current, policy, at);
            if (next == null || servers.put(next)) {
                return;
            }
            current = servers.findWithAccountPolicy(server.account(), server.accountPolicyId(), server.serverPolicyId())
                    .server()
                    .orElse(null);
            if (current == null) {
                return;
            }
        }
        throw new RetryLaterException("server policy " + server.serverPolicyId() + " kept changing");
    }

    /**
     * The server policy with the account policy's copy, or null when it has it already, has a copy of a newer version
     * (this change came late), or is a tombstone.
     */
    ServerPolicy following(ServerPolicy server, AccountPolicy policy, Instant at) {
        Long version = PolicyFeed.versionOf(policy);
        if (!server.live()
                || version != null
                        && server.accountPolicyVersion() != null
                        && version < server.accountPolicyVersion()) {
            return null;
        }
        boolean checked = policy.live();
        String name = checked ? policy.name() : null;
        String expression = checked ? policy.schedule() : null;
        String zone = checked ? policy.timezone() : null;
        if (Objects.equals(name, server.accountPolicyName())
                && Objects.equals(expression, server.schedule())
                && Objects.equals(zone, server.timezone())
                && Objects.equals(version, server.accountPolicyVersion())) {
            return null;
        }
        Schedule schedule = checked ? Schedule.of(expression, zone) : null;
        CheckState check = checks.afterSave(server, server.enabled(), schedule, at);
        return new ServerPolicy(
                server.account(),
                server.accountPolicyId(),
                server.serverPolicyId(),
                server.server(),
                server.storageRegion(),
                server.enabled(),
                check.enabledAt(),
                server.createdAt(),
                at,
                name,
                expression,
                zone,
                check.checkedThrough(),
                check.nextCheckAt(),
                server.version(),
                server.feed(),
                version,
                server.lastMissedAt());
    }
}
