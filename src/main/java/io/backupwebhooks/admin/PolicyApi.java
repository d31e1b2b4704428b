package io.backupwebhooks.admin;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.admin.http.ApiException;
import io.backupwebhooks.admin.http.ApiRequest;
import io.backupwebhooks.admin.http.ApiResponse;
import io.backupwebhooks.admin.http.JsonBody;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.MissedChecks.CheckState;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.AccountPolicy;
import io.backupwebhooks.shared.store.AccountPolicyStore;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.store.StartStore;

/**
 * The {@code /policies} routes. A server policy keeps a copy of its account policy's name and schedule, so a change
 * of the account policy is written to each of its server policies; a new schedule, a new time zone or an enabling
 * starts the missed-backup checks afresh from now (starts scheduled before are never reported).
 */
@ApplicationScoped
public class PolicyApi {

    private static final int MAX_TEXT = 256;
    private final AccountPolicyStore policies;
    private final ServerPolicyStore servers;
    private final MissedChecks checks;
    private final StartStore starts;
    private final int serversPerAccount;

    PolicyApi(
            AccountPolicyStore policies,
            ServerPolicyStore servers,
            MissedChecks checks,
            StartStore starts,
            ServiceConfig config) {
        this.policies = policies;
        this.starts = starts;
        this.servers = servers;
        this.checks = checks;
        this.serversPerAccount = config.admin().serverPoliciesPerAccount();
    }

    ApiResponse list(ApiRequest request) {
        ObjectNode body = Views.object();
        ArrayNode list = body.putArray("policies");
        policies.list(request.account()).stream()
                .sorted(Comparator.comparing(AccountPolicy::accountPolicyId))
                .forEach(p -> list.add(Views.policy(p)));
        return ApiResponse.json(200, body);
    }

    ApiResponse get(ApiRequest request) {
        return ApiResponse.json(200, Views.policy(existing(request)));
    }

    ApiResponse put(ApiRequest request) {
        String id = JsonBody.id(request, "accountPolicyId");
        JsonBody body = JsonBody.of(request, Set.of("name", "schedule", "timezone"));
        String name = body.requiredText("name", MAX_TEXT);
        String cron = body.requiredText("schedule", MAX_TEXT);
        String zone = body.optionalText("timezone", MAX_TEXT);
        Schedule schedule;
        try {
            schedule = Schedule.ofPolicy(cron, zone);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Instant now = Views.now();
        AccountPolicy old = policies.find(request.account(), id).orElse(null);
        if (old != null && old.fromFeed()) {
            throw ownedByFeed("account policy " + id);
        }
        AccountPolicy updated = new AccountPolicy(
                request.account(),
                id,
                name,
                schedule.expression(),
                schedule.zone().getId(),
                old == null ? now : old.createdAt(),
                now);
        if (!policies.put(updated)) {
            throw ownedByFeed("account policy " + id);
        }
        // each server policy compares its own copy, so repeating a request that stopped halfway repairs the rest
        for (ServerPolicy server : servers.list(request.account(), id)) {
            save(
                    server.serverPolicyId(),
                    current -> current == null
                            ? null
                            : copy(
                                    current,
                                    updated,
                                    current.server(),
                                    current.storageRegion(),
                                    current.enabled(),
                                    now,
                                    schedule),
                    request.account(),
                    id);
        }
        return ApiResponse.json(old == null ? 201 : 200, Views.policy(updated));
    }

    ApiResponse delete(ApiRequest request) {
        AccountPolicy policy = editable(request);
        servers.deleteAll(request.account(), policy.accountPolicyId());
        policies.delete(request.account(), policy.accountPolicyId());
        return ApiResponse.noContent();
    }

    ApiResponse putServer(ApiRequest request) {
        AccountPolicy policy = editable(request);
        String serverPolicyId = JsonBody.id(request, "serverPolicyId");
        JsonBody body = JsonBody.of(request, Set.of("server", "storageRegion", "enabled"));
        String server = body.requiredText("server", MAX_TEXT);
        String region = body.requiredText("storageRegion", MAX_TEXT);
        boolean enabled = body.optionalBoolean("enabled", true);
        Schedule schedule = Schedule.of(policy.schedule(), policy.timezone());
        Instant now = Views.now();
        boolean[] created = {false};
        ServerPolicy saved = save(
                serverPolicyId,
                current -> {
                    if (current != null && current.fromFeed()) {
                        throw ownedByFeed("server policy " + serverPolicyId);
                    }
                    if (current == null) {
                        requireRoomForOneMore(request.account(), serverPolicyId);
                        created[0] = true;
                        CheckState state = checks.afterSave(null, enabled, schedule, now);
                        return new ServerPolicy(
                                request.account(),
                                policy.accountPolicyId(),
                                serverPolicyId,
                                server,
                                region,
                                enabled,
                                state.enabledAt(),
                                now,
                                now,
                                policy.name(),
                                policy.schedule(),
                                policy.timezone(),
                                state.checkedThrough(),
                                state.nextCheckAt(),
                                0);
                    }
                    return copy(current, policy, server, region, enabled, now, schedule);
                },
                request.account(),
                policy.accountPolicyId());
        return ApiResponse.json(created[0] ? 201 : 200, Views.server(saved));
    }

    /**
     * The per-account cap on server policies (409 when a new one would pass it): the account's server policies are
     * counted (one COUNT query per account policy), so it is a guardrail rather than an exact limit: two creations at
     * the same moment may both pass at the last free place.
     */
    private void requireRoomForOneMore(String account, String serverPolicyId) {
        long count = servers.count(
                account,
                policies.list(account).stream()
                        .map(AccountPolicy::accountPolicyId)
                        .toList());
        if (count >= serversPerAccount) {
            throw ApiException.conflict("serverPolicyId '" + serverPolicyId + "' would be server policy " + (count + 1)
                    + " of this account: an account may have at most " + serversPerAccount
                    + " server policies; delete one first");
        }
    }

    /**
     * One page of an account policy's server policies by id ({@code ?limit=} 1..1000, default 100; {@code ?cursor=}
     * the previous page's {@code next}), each with its watch (one Query of the starts table each).
     */
    ApiResponse listServers(ApiRequest request) {
        AccountPolicy policy = existing(request);
        int limit = request.limit(100, 1000);
        String cursor = request.query().get("cursor");
        if (cursor != null && (cursor.isBlank() || cursor.length() > MAX_TEXT)) {
            throw ApiException.badRequest("query parameter 'cursor' must be the 'next' of the previous page");
        }
        ServerPolicyStore.Page page = servers.page(request.account(), policy.accountPolicyId(), limit, cursor);
        ObjectNode body = Views.object();
        ArrayNode list = body.putArray("servers");
        page.servers()
                .forEach(s -> list.add(Views.server(
                        s, starts.latest(s.account(), s.serverPolicyId()).orElse(null))));
        body.put("next", page.next());
        return ApiResponse.json(200, body);
    }

    ApiResponse deleteServer(ApiRequest request) {
        AccountPolicy policy = editable(request);
        String serverPolicyId = JsonBody.id(request, "serverPolicyId");
        servers.find(request.account(), policy.accountPolicyId(), serverPolicyId)
                .filter(ServerPolicy::fromFeed)
                .ifPresent(s -> {
                    throw ownedByFeed("server policy " + serverPolicyId);
                });
        if (!servers.delete(request.account(), policy.accountPolicyId(), serverPolicyId)) {
            throw ApiException.notFound(
                    "there is no server policy " + serverPolicyId + " in " + policy.accountPolicyId());
        }
        return ApiResponse.noContent();
    }

    /** The server policy after an edit; its check state is the rules' ({@link MissedChecks#afterSave}). */
    private ServerPolicy copy(
            ServerPolicy current,
            AccountPolicy policy,
            String server,
            String region,
            boolean enabled,
            Instant now,
            Schedule schedule) {
        CheckState state = checks.afterSave(current, enabled, schedule, now);
        return new ServerPolicy(
                current.account(),
                current.accountPolicyId(),
                current.serverPolicyId(),
                server,
                region,
                enabled,
                state.enabledAt(),
                current.createdAt(),
                now,
                policy.name(),
                policy.schedule(),
                policy.timezone(),
                state.checkedThrough(),
                state.nextCheckAt(),
                current.version(),
                current.feed(),
                current.accountPolicyVersion(),
                current.lastMissedAt());
    }

    /**
     * Read, change, write with the version check; a write that lost a race (to the scan) is redone. A change that
     * gives null (the server policy is gone) writes nothing.
     */
    private ServerPolicy save(
            String serverPolicyId, UnaryOperator<ServerPolicy> change, String account, String accountPolicyId) {
        return OptimisticUpdate.retry(
                        () -> {
                            ServerPolicy current = servers.find(account, accountPolicyId, serverPolicyId)
                                    .orElse(null);
                            ServerPolicy next = change.apply(current);
                            return next == null
                                    ? Optional.of(Optional.<ServerPolicy>empty())
                                    : servers.put(next) ? Optional.of(Optional.of(next)) : Optional.empty();
                        },
                        "server policy " + serverPolicyId + " changed while it was being saved; send the request again")
                .orElse(null);
    }

    private AccountPolicy existing(ApiRequest request) {
        String id = JsonBody.id(request, "accountPolicyId");
        return policies.find(request.account(), id)
                .filter(AccountPolicy::live)
                .orElseThrow(() -> ApiException.notFound("there is no account policy " + id));
    }

    /** An existing account policy that the API may change: one made through the API (409 for the feed's). */
    private AccountPolicy editable(ApiRequest request) {
        AccountPolicy policy = existing(request);
        if (policy.fromFeed()) {
            throw ownedByFeed("account policy " + policy.accountPolicyId());
        }
        return policy;
    }

    /** 409: the backup service owns this policy (spec §5); the API only reads it. */
    private static ApiException ownedByFeed(String what) {
        return ApiException.conflict(what + " comes from the backup service's policy feed and is read-only here:"
                + " change it in the backup service, which sends it to Backup Webhooks");
    }
}
