package io.backupwebhooks.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.delivery.PolicyMessage.Sync;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.schedule.Now;
import io.backupwebhooks.shared.store.AccountPolicy;
import io.backupwebhooks.shared.store.AccountPolicyStore;
import io.backupwebhooks.shared.store.FeedState;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.webhook.RetryLaterException;
import io.backupwebhooks.shared.work.Workers;

/**
 * The end of a full resynchronisation (spec §5, {@code POLICY_SYNC}). Every message of the sync marks its policy with
 * the {@code syncId}; the marker counts the marked policies of the account. Until as many have arrived as it names,
 * it deletes nothing and fails, so that the queue brings it back after the visibility timeout (the policy queue allows
 * it {@code maxReceiveCount} returns, then it rests in the dead-letter queue, having deleted nothing). Once all have
 * arrived, every live feed policy of the account that is not marked and was applied before the sync's first message
 * becomes a tombstone, each with a write conditional on the policy being unchanged since it was read (a policy a newer
 * message changed meanwhile is kept). A marker superseded by a later sync (some of its policies already carry the later
 * sync's mark) ends without deleting.
 */
@ApplicationScoped
public class PolicySync {

    private static final Logger LOG = Logger.getLogger(PolicySync.class);

    private final AccountPolicyStore policies;
    private final ServerPolicyStore servers;
    private final FanOut fanOut;
    private final Now now;
    private final Duration tombstoneRetention;
    private final Duration budget;
    private final int concurrency;

    PolicySync(AccountPolicyStore policies, ServerPolicyStore servers, FanOut fanOut, Now now, ServiceConfig config) {
        this.policies = policies;
        this.fanOut = fanOut;
        this.servers = servers;
        this.now = now;
        this.tombstoneRetention = config.feed().tombstoneRetention();
        this.budget = config.feed().budget();
        this.concurrency = config.feed().concurrency();
    }

    /** What one sweep did: the policies it found, and those it turned into tombstones. */
    record Swept(int accountPolicies, int serverPolicies, int deletedAccountPolicies, int deletedServerPolicies) {}

    Swept complete(Sync sync) {
        Instant deadline = Instant.now().plus(budget);
        List<AccountPolicy> accountPolicies = policies.listAll(sync.account());
        List<ServerPolicy> serverPolicies = accountPolicies.stream()
                .flatMap(p -> servers.listAll(sync.account(), p.accountPolicyId()).stream())
                .toList();
        List<FeedState> marked = Stream.concat(
                        accountPolicies.stream().map(AccountPolicy::feed),
                        serverPolicies.stream().map(ServerPolicy::feed))
                .filter(f -> f != null && sync.syncId().equals(f.syncId()))
                .toList();
        long markedAccounts =
                accountPolicies.stream().filter(p -> marked(p.feed(), sync)).count();
        long markedServers =
                serverPolicies.stream().filter(p -> marked(p.feed(), sync)).count();
        if (markedAccounts < sync.accountPolicies() || markedServers < sync.serverPolicies()) {
            if (superseded(sync, marked, accountPolicies, serverPolicies)) {
                LOG.warnf(
                        "Resynchronisation %s of %s was superseded by a later one before all its messages arrived: "
                                + "it deletes nothing",
                        sync.syncId(), sync.account());
                return new Swept(accountPolicies.size(), serverPolicies.size(), 0, 0);
            }
            throw new RetryLaterException("resynchronisation " + sync.syncId() + " of " + sync.account() + ": "
                    + markedAccounts + " of " + sync.accountPolicies() + " account policies and " + markedServers
                    + " of " + sync.serverPolicies() + " server policies have arrived; it deletes nothing until all"
                    + " have, and comes back");
        }
        Instant started = marked.stream()
                .map(FeedState::syncedAt)
                .min(Comparator.naturalOrder())
                .orElse(now.instant());
        Instant at = now.instant();
        List<AccountPolicy> goneAccounts = accountPolicies.stream()
                .filter(p -> outside(p.feed(), sync, started))
                .toList();
        List<ServerPolicy> goneServers = serverPolicies.stream()
                .filter(p -> outside(p.feed(), sync, started))
                .toList();
        List<Runnable> writes = new ArrayList<>();
        // a server policy written at the very moment its account policy changed may hold the older copy: repaired here
        java.util.Map<String, AccountPolicy> byId = new java.util.HashMap<>();
        accountPolicies.forEach(p -> byId.put(p.accountPolicyId(), p));
        serverPolicies.stream()
                .filter(s -> !goneServers.contains(s) && byId.containsKey(s.accountPolicyId()))
                .filter(s -> !goneAccounts.contains(byId.get(s.accountPolicyId())))
                .filter(s -> fanOut.following(s, byId.get(s.accountPolicyId()), at) != null)
                .forEach(s -> writes.add(() -> fanOut.follow(s, byId.get(s.accountPolicyId()), at)));
        goneServers.forEach(p -> writes.add(() -> servers.put(tombstone(p, at))));
        goneAccounts.forEach(p -> writes.add(() -> {
            if (policies.tombstone(p, at, at.plus(tombstoneRetention))) {
                serverPolicies.stream()
                        .filter(s ->
                                s.accountPolicyId().equals(p.accountPolicyId()) && s.live() && s.schedule() != null)
                        .forEach(s -> servers.put(unchecked(s, at)));
            }
        }));
        int failed = Workers.overShards(
                writes.size(),
                concurrency,
                i -> {
                    if (Instant.now().isAfter(deadline)) {
                        throw new RetryLaterException("over budget");
                    }
                    writes.get(i).run();
                },
                "A policy left out of a resynchronisation was not deleted yet");
        if (failed > 0) {
            throw new RetryLaterException("resynchronisation " + sync.syncId() + " of " + sync.account()
                    + " stopped before all of its deletions; it comes back to finish them");
        }
        LOG.infof(
                "Resynchronisation %s of %s: %d account policies and %d server policies were not in it and are deleted",
                sync.syncId(), sync.account(), goneAccounts.size(), goneServers.size());
        return new Swept(accountPolicies.size(), serverPolicies.size(), goneAccounts.size(), goneServers.size());
    }

    private static boolean marked(FeedState feed, Sync sync) {
        return feed != null && sync.syncId().equals(feed.syncId());
    }

    /** A live feed policy that the sync did not name, last changed before the sync began. */
    private static boolean outside(FeedState feed, Sync sync, Instant started) {
        return feed != null
                && !feed.deleted()
                && !marked(feed, sync)
                && feed.appliedAt().isBefore(started);
    }

    /** Some of this sync's policies already carry a later sync's mark: the sync can never complete. */
    private static boolean superseded(
            Sync sync, List<FeedState> marked, List<AccountPolicy> accounts, List<ServerPolicy> servers) {
        Instant last = marked.stream()
                .map(FeedState::syncedAt)
                .max(Comparator.naturalOrder())
                .orElse(null);
        return last != null
                && Stream.concat(
                                accounts.stream().map(AccountPolicy::feed),
                                servers.stream().map(ServerPolicy::feed))
                        .anyMatch(f -> f != null
                                && f.syncId() != null
                                && !Objects.equals(sync.syncId(), f.syncId())
                                && f.syncedAt().isAfter(last));
    }

    private ServerPolicy tombstone(ServerPolicy p, Instant at) {
        FeedState f = p.feed();
        return withCheck(
                p,
                null,
                new FeedState(f.version(), true, f.syncId(), f.syncedAt(), at, at.plus(tombstoneRetention), false),
                at);
    }

    private static ServerPolicy unchecked(ServerPolicy p, Instant at) {
        return withCheck(p, null, p.feed(), at);
    }

    /** The server policy without its account policy's copy (so not checked). */
    private static ServerPolicy withCheck(ServerPolicy p, Instant nextCheckAt, FeedState feed, Instant at) {
        return new ServerPolicy(
                p.account(),
                p.accountPolicyId(),
                p.serverPolicyId(),
                p.server(),
                p.storageRegion(),
                feed != null && feed.deleted() ? false : p.enabled(),
                p.enabledAt(),
                p.createdAt(),
                at,
                null,
                null,
                null,
                at,
                nextCheckAt,
                p.version(),
                feed,
                p.accountPolicyVersion(),
                p.lastMissedAt());
    }
}
