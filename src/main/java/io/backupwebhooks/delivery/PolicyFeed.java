package io.backupwebhooks.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.delivery.PolicyMessage.AccountPolicyState;
import io.backupwebhooks.delivery.PolicyMessage.ServerPolicyState;
import io.backupwebhooks.delivery.PolicyMessage.Sync;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.MissedChecks.CheckState;
import io.backupwebhooks.shared.schedule.Now;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.AccountPolicy;
import io.backupwebhooks.shared.store.AccountPolicyStore;
import io.backupwebhooks.shared.store.FeedState;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.webhook.RetryLaterException;

/**
 * Applies the policy feed (spec §5). A message changes a policy only when its version is higher than the stored one:
 * the write is conditional on it, so repeats and late, older messages change nothing whatever their order. A policy
 * is read first (one request; a server policy together with its account policy), so that a repeat costs that read
 * only and a new or changed policy one read and one write. A tombstone stays for the tombstone retention. An account
 * policy's change then reaches each of its server policies (their copy of its name and schedule), resumably: the
 * account policy carries {@code fanOutPending} until all of them have it. A changed schedule, a new or re-enabled
 * server policy is checked from when it was applied, as in the admin API.
 */
@ApplicationScoped
public class PolicyFeed {

    private static final Logger LOG = Logger.getLogger(PolicyFeed.class);
    private static final int ATTEMPTS = 5;

    private final AccountPolicyStore policies;
    private final ServerPolicyStore servers;
    private final MissedChecks checks;
    private final Now now;
    private final PolicySync sync;
    private final FanOut fanOut;
    private final Duration tombstoneRetention;

    PolicyFeed(
            AccountPolicyStore policies,
            ServerPolicyStore servers,
            MissedChecks checks,
            Now now,
            PolicySync sync,
            FanOut fanOut,
            ServiceConfig config) {
        this.policies = policies;
        this.servers = servers;
        this.checks = checks;
        this.now = now;
        this.sync = sync;
        this.fanOut = fanOut;
        this.tombstoneRetention = config.feed().tombstoneRetention();
    }

    /** One message of the policy queue. */
    public void handle(String body) throws BadEventException {
        PolicyMessage message = PolicyMessage.parse(body);
        if (message instanceof AccountPolicyState a) {
            apply(a);
        } else if (message instanceof ServerPolicyState s) {
            apply(s);
        } else {
            sync.complete((Sync) message);
        }
    }

    void apply(AccountPolicyState m) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant at = now.instant();
            Optional<AccountPolicy> found = policies.find(m.account(), m.accountPolicyId());
            AccountPolicy current = found.orElse(null);
            FeedState stored = current == null ? null : current.feed();
            if (stored != null && stored.version() >= m.version()) {
                markIfNew(
                        m.syncId(),
                        stored,
                        at,
                        () -> policies.markSync(m.account(), m.accountPolicyId(), m.syncId(), at));
                if (stored.fanOutPending() && stored.version() == m.version()) {
                    fanOut.apply(current, at); // an earlier try of this message stopped halfway
                }
                return;
            }
            AccountPolicy next = new AccountPolicy(
                    m.account(),
                    m.accountPolicyId(),
                    m.deleted() ? null : m.name(),
                    m.deleted() ? null : m.schedule().expression(),
                    m.deleted() ? null : m.schedule().zone().getId(),
                    current == null ? at : current.createdAt(),
                    at,
                    feedState(m.version(), m.deleted(), m.syncId(), stored, at, true));
            if (policies.putFeed(next, stored == null ? null : stored.syncId())) {
                fanOut.apply(next, at);
                return;
            }
        }
        throw new RetryLaterException("account policy " + m.accountPolicyId() + " kept changing while it was applied");
    }

    void apply(ServerPolicyState m) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant at = now.instant();
            ServerPolicyStore.WithAccountPolicy read =
                    servers.findWithAccountPolicy(m.account(), m.accountPolicyId(), m.serverPolicyId());
            ServerPolicy current = read.server().orElse(null);
            FeedState stored = current == null ? null : current.feed();
            if (stored != null && stored.version() >= m.version()) {
                markIfNew(
                        m.syncId(),
                        stored,
                        at,
                        () -> servers.markSync(m.account(), m.accountPolicyId(), m.serverPolicyId(), m.syncId(), at));
                return;
            }
            AccountPolicy owner =
                    read.accountPolicy().filter(AccountPolicy::live).orElse(null);
            FeedState state = feedState(m.version(), m.deleted(), m.syncId(), stored, at, false);
            ServerPolicy next = m.deleted() ? tombstone(current, m, state, at) : live(current, m, owner, state, at);
            if (servers.putFeed(next, stored == null ? null : stored.syncId())) {
                return;
            }
        }
        throw new RetryLaterException("server policy " + m.serverPolicyId() + " kept changing while it was applied");
    }

    private ServerPolicy live(
            ServerPolicy current, ServerPolicyState m, AccountPolicy owner, FeedState state, Instant at) {
        Schedule schedule = owner == null ? null : Schedule.of(owner.schedule(), owner.timezone());
        ServerPolicy previous = current == null || !current.live() ? null : current;
        CheckState check = checks.afterSave(previous, m.enabled(), schedule, at);
        return new ServerPolicy(
                m.account(),
                m.accountPolicyId(),
                m.serverPolicyId(),
                m.server(),
                m.storageRegion(),
                m.enabled(),
                check.enabledAt(),
                current == null ? at : current.createdAt(),
                at,
                owner == null ? null : owner.name(),
                owner == null ? null : owner.schedule(),
                owner == null ? null : owner.timezone(),
                check.checkedThrough(),
                check.nextCheckAt(),
                current == null ? 0 : current.version(),
                state,
                versionOf(owner),
                current == null || !current.live() ? null : current.lastMissedAt());
    }

    /** The feed version of an account policy (null: none, or made through the API). */
    static Long versionOf(AccountPolicy policy) {
        return policy == null || policy.feed() == null ? null : policy.feed().version();
    }

    private static ServerPolicy tombstone(ServerPolicy current, ServerPolicyState m, FeedState state, Instant at) {
        return new ServerPolicy(
                m.account(),
                m.accountPolicyId(),
                m.serverPolicyId(),
                m.server() != null ? m.server() : current == null ? null : current.server(),
                m.storageRegion() != null ? m.storageRegion() : current == null ? null : current.storageRegion(),
                false,
                current == null ? at : current.enabledAt(),
                current == null ? at : current.createdAt(),
                at,
                null,
                null,
                null,
                at,
                null,
                current == null ? 0 : current.version(),
                state,
                current == null ? null : current.accountPolicyVersion(),
                current == null ? null : current.lastMissedAt());
    }

    private FeedState feedState(
            long version, boolean deleted, String syncId, FeedState stored, Instant at, boolean fanOut) {
        String sync = syncId != null ? syncId : stored == null ? null : stored.syncId();
        Instant syncedAt = syncId != null ? at : stored == null ? null : stored.syncedAt();
        return new FeedState(
                version, deleted, sync, syncedAt, at, deleted ? at.plus(tombstoneRetention) : null, fanOut);
    }

    private static void markIfNew(String syncId, FeedState stored, Instant at, Runnable mark) {
        if (syncId != null && !syncId.equals(stored.syncId())) {
            mark.run();
            LOG.debugf("marked as part of resynchronisation %s at %s", syncId, at);
        }
    }
}
