package io.backupwebhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.store.AccountPolicy;
import io.backupwebhooks.shared.store.AccountPolicyStore;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Emulated;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.SettableNow;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The policy feed (spec §5), through the delivery function's Lambda Runtime API with records from the policy queue,
 * against dynalite behind the delivery's IAM gate. Records of a batch run at once, as in Lambda.
 */
@QuarkusTest
@TestProfile(FunctionProfile.DeliveryAtSetTime.class)
class PolicyFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPEC_ACCOUNT_POLICY = "2f62f2a3-d1be-496e-ab0a-e2fa25c4b152";
    private static final String SPEC_SERVER_POLICY = "5f3876b7-6fc9-4610-b619-85f6c01e231d";

    @Emulated
    AwsGate gate;

    @Inject
    AccountPolicyStore policies;

    @Inject
    ServerPolicyStore servers;

    @Inject
    ServiceConfig config;

    @AfterEach
    void realTime() {
        SettableNow.set(null);
    }

    @Test
    void givenTheSpecPolicies_whenFedInOneBatch_thenTheServerIsWatchedOnTheIntervalFromWhenItWasApplied() {
        Instant applied = Instant.parse("2019-01-31T21:00:00Z");
        SettableNow.set(applied);

        JsonNode response =
                invoke(List.of(Samples.read("events/server-policy.json"), Samples.read("events/account-policy.json")));

        assertEquals(0, response.path("batchItemFailures").size(), response.toString());
        ServerPolicy server = server("TEST", SPEC_ACCOUNT_POLICY, SPEC_SERVER_POLICY);
        assertEquals("R/2019-01-31T20:00:04.289Z/PT12H", server.schedule());
        assertEquals("TestAccountPolicyName20181228013921", server.accountPolicyName());
        assertEquals("testServerId20181228013921", server.server());
        assertEquals("US EAST", server.storageRegion());
        assertEquals(applied, server.enabledAt());
        assertEquals(applied, server.checkedThrough(), "starts before it was applied are never judged");
        // the first start after it was applied, judged 1 h + grace later
        assertEquals(
                Instant.parse("2019-02-01T08:00:04.289Z")
                        .plus(Duration.ofHours(1))
                        .plus(config.scan().grace()),
                server.nextCheckAt());
        assertEquals(3, server.feed().version());
        AccountPolicy policy =
                Arrange.get(() -> policies.find("TEST", SPEC_ACCOUNT_POLICY)).orElseThrow();
        assertEquals(7, policy.feed().version());
        assertFalse(policy.feed().fanOutPending(), "its change reached its server policies");
    }

    @Test
    void givenTheSameMessagesInManyOrdersWithRepeats_whenFed_thenEveryOrderEndsInTheNewestState() {
        Map<String, Object> expected = null;
        for (int seed = 0; seed < 20; seed++) {
            String account = "ORDER" + seed + UUID.randomUUID().toString().substring(0, 6);
            List<String> messages = new ArrayList<>(history(account));
            Random random = new Random(seed);
            for (int i = 0; i < 6; i++) {
                messages.add(messages.get(random.nextInt(messages.size()))); // the queue delivers some again
            }
            Collections.shuffle(messages, random);
            for (int from = 0; from < messages.size(); from += 5) {
                deliver(messages.subList(from, Math.min(messages.size(), from + 5)));
            }
            Map<String, Object> state = state(account);
            if (expected == null) {
                expected = state;
                assertEquals(
                        "{ap=Nightly v3 0 2 * * * UTC, ap/s1=srv-1 EU-2 true v3 Nightly 0 2 * * *, ap/s4=srv-4 EU true"
                                + " v5 Nightly 0 2 * * *}",
                        String.valueOf(state).replace(account, ""),
                        "the newest state of every policy, tombstones left out");
            }
            assertEquals(
                    String.valueOf(expected).replaceAll("ORDER0\\w{6}", ""),
                    String.valueOf(state).replace(account, ""),
                    "order " + seed + ": " + messages);
        }
    }

    @Test
    void givenATombstone_whenLowerVersionsArriveLater_thenThePoliciesStayDeleted() {
        String account = account();
        deliver(List.of(accountPolicy(account, "ap", 1, "0 2 * * *", false, null)));
        deliver(List.of(serverPolicy(account, "ap", "s1", 4, true, true, null)));
        deliver(List.of(
                serverPolicy(account, "ap", "s1", 3, true, false, null),
                serverPolicy(account, "ap", "s1", 1, true, false, null)));
        deliver(List.of(accountPolicy(account, "ap", 5, null, true, null)));
        deliver(List.of(accountPolicy(account, "ap", 4, "0 3 * * *", false, null)));

        ServerPolicy s1 = server(account, "ap", "s1");
        assertFalse(s1.live());
        assertEquals(4, s1.feed().version());
        assertNull(s1.nextCheckAt());
        assertTrue(s1.feed().expiresAt().isAfter(Instant.now().plus(Duration.ofDays(29))), "kept 30 days");
        assertEquals(List.of(), Arrange.get(() -> servers.list(account, "ap")));
        assertEquals(List.of(), Arrange.get(() -> policies.list(account)));
        assertEquals(
                5,
                Arrange.get(() -> policies.find(account, "ap"))
                        .orElseThrow()
                        .feed()
                        .version());
    }

    @Test
    void givenAnAccountPolicyDeleted_whenItsServerPoliciesAreRead_thenNoneIsCheckedAnyMore() {
        String account = account();
        deliver(List.of(
                accountPolicy(account, "ap", 1, "0 2 * * *", false, null),
                serverPolicy(account, "ap", "s1", 1, true, false, null),
                serverPolicy(account, "ap", "s2", 1, true, false, null)));
        assertNotNull(server(account, "ap", "s1").nextCheckAt());

        deliver(List.of(accountPolicy(account, "ap", 2, null, true, null)));

        for (String id : List.of("s1", "s2")) {
            ServerPolicy s = server(account, "ap", id);
            assertNull(s.nextCheckAt(), id + " left the due index");
            assertNull(s.schedule(), id);
        }
    }

    @Test
    void givenAServerEnabledAgainOrAScheduleChanged_whenApplied_thenChecksCountFromThatMoment() {
        String account = account();
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        SettableNow.set(t0);
        deliver(List.of(
                accountPolicy(account, "ap", 1, "0 2 * * *", false, null),
                serverPolicy(account, "ap", "s1", 1, true, false, null)));
        SettableNow.set(t0.plus(Duration.ofDays(1)));
        deliver(List.of(serverPolicy(account, "ap", "s1", 2, false, false, null)));
        assertNull(server(account, "ap", "s1").nextCheckAt(), "disabled");

        Instant enabled = t0.plus(Duration.ofDays(3));
        SettableNow.set(enabled);
        deliver(List.of(serverPolicy(account, "ap", "s1", 3, true, false, null)));
        ServerPolicy s1 = server(account, "ap", "s1");
        assertEquals(enabled, s1.enabledAt());
        assertEquals(enabled, s1.checkedThrough());

        Instant rescheduled = t0.plus(Duration.ofDays(4));
        SettableNow.set(rescheduled);
        deliver(List.of(accountPolicy(account, "ap", 2, "R/2026-03-01T00:30:00.5Z/PT6H", false, null)));
        s1 = server(account, "ap", "s1");
        assertEquals(rescheduled, s1.checkedThrough());
        assertEquals(enabled, s1.enabledAt());
        assertEquals(
                Instant.parse("2026-03-05T12:30:00.500Z")
                        .plus(Duration.ofHours(1))
                        .plus(config.scan().grace()),
                s1.nextCheckAt());
    }

    @Test
    void givenARepeatAnOlderVersionANewAndAChangedPolicy_whenApplied_thenTheyCostOneOneTwoAndTwoRequests() {
        String account = account();
        deliver(List.of(accountPolicy(account, "ap", 1, "0 2 * * *", false, null)));
        deliver(List.of(serverPolicy(account, "ap", "s1", 5, true, false, null)));

        assertEquals(1, requestsFor(serverPolicy(account, "ap", "s1", 5, true, false, null)), "a repeat");
        assertEquals(1, requestsFor(serverPolicy(account, "ap", "s1", 4, false, false, null)), "an older version");
        assertEquals(2, requestsFor(serverPolicy(account, "ap", "s2", 1, true, false, null)), "a new policy");
        assertEquals(2, requestsFor(serverPolicy(account, "ap", "s1", 6, false, false, null)), "a changed policy");
    }

    @Test
    void givenBadMessagesAmongGoodOnes_whenDelivered_thenOnlyTheBadFailEachNamingItsProblem() {
        String account = account();
        List<String> batch = List.of(
                "{\"type\":\"SERVER_POLICIES\",\"account\":\"" + account + "\"}",
                accountPolicy(account, "ap", 1, "61 2 * * *", false, null),
                accountPolicy(account, "ap2", 1, "R/2026-01-01T00:00:00Z/PT200H", false, null),
                "{\"type\":\"SERVER_POLICY\",\"account\":\"" + account + "\",\"accountPolicyId\":\"ap\"}",
                "not json",
                accountPolicy(account, "good", 1, "0 2 * * *", false, null));

        JsonNode response = invoke(batch);

        List<String> failed = new ArrayList<>();
        response.path("batchItemFailures")
                .forEach(f -> failed.add(f.get("itemIdentifier").asText()));
        Collections.sort(failed);
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), failed);
        assertEquals(
                List.of("good"),
                Arrange.get(() -> policies.list(account)).stream()
                        .map(AccountPolicy::accountPolicyId)
                        .toList());
    }

    @Test
    void givenASyncMarkerBeforeItsMessages_whenItComesBackAfterThem_thenOnlyThePoliciesLeftOutAreDeleted() {
        String account = account();
        Instant t0 = Instant.parse("2026-05-01T00:00:00Z");
        SettableNow.set(t0);
        deliver(List.of(
                accountPolicy(account, "ap", 1, "0 2 * * *", false, null),
                accountPolicy(account, "old", 1, "0 4 * * *", false, null),
                serverPolicy(account, "ap", "s1", 1, true, false, null),
                serverPolicy(account, "ap", "s2", 1, true, false, null),
                serverPolicy(account, "ap", "s3", 1, true, false, null)));
        String marker = sync(account, "sync-1", 1, 2);

        SettableNow.set(t0.plus(Duration.ofHours(1)));
        JsonNode early = invoke(List.of(marker));
        assertEquals(1, early.path("batchItemFailures").size(), "the marker waits for its messages");
        assertTrue(server(account, "ap", "s3").live(), "nothing deleted on a partial view");

        deliver(List.of(
                accountPolicy(account, "ap", 1, "0 2 * * *", false, "sync-1"),
                serverPolicy(account, "ap", "s1", 1, true, false, "sync-1")));
        assertEquals(1, invoke(List.of(marker)).path("batchItemFailures").size(), "one message still missing");
        assertTrue(server(account, "ap", "s3").live());

        SettableNow.set(t0.plus(Duration.ofHours(2)));
        deliver(List.of(
                serverPolicy(account, "ap", "s2", 1, true, false, "sync-1"),
                serverPolicy(account, "ap", "s2", 2, false, false, null), // changed since: kept
                serverPolicy(account, "ap", "s9", 1, true, false, null))); // new since the sync began: kept
        JsonNode done = invoke(List.of(marker));

        assertEquals(0, done.path("batchItemFailures").size(), done.toString());
        assertFalse(server(account, "ap", "s3").live(), "not in the sync: deleted");
        assertTrue(server(account, "ap", "s1").live());
        assertTrue(server(account, "ap", "s2").live());
        assertTrue(server(account, "ap", "s9").live());
        assertEquals(
                List.of("ap"),
                Arrange.get(() -> policies.list(account)).stream()
                        .map(AccountPolicy::accountPolicyId)
                        .toList(),
                "the account policy left out is deleted");
        assertEquals(0, invoke(List.of(marker)).path("batchItemFailures").size(), "a repeated marker is harmless");
    }

    /** Three versions of an account policy and the histories of four server policies. */
    private static List<String> history(String account) {
        return List.of(
                accountPolicy(account, "ap", 1, "0 1 * * *", false, null),
                accountPolicy(account, "ap", 2, "0 2 * * *", false, null),
                named(accountPolicy(account, "ap", 3, "0 2 * * *", false, null), "Nightly v3"),
                serverPolicy(account, "ap", "s1", 1, true, false, null),
                serverPolicy(account, "ap", "s1", 2, false, false, null),
                region(serverPolicy(account, "ap", "s1", 3, true, false, null), "EU-2"),
                serverPolicy(account, "ap", "s2", 1, true, false, null),
                serverPolicy(account, "ap", "s2", 2, true, true, null),
                serverPolicy(account, "ap", "s3", 7, true, true, null),
                serverPolicy(account, "ap", "s4", 5, true, false, null));
    }

    /** The account's live policies as text: what a user sees. */
    private Map<String, Object> state(String account) {
        Map<String, Object> state = new TreeMap<>();
        Arrange.run(() -> {
            for (AccountPolicy p : policies.list(account)) {
                state.put(p.accountPolicyId(), p.name() + " " + p.schedule() + " " + p.timezone());
                for (ServerPolicy s : servers.list(account, p.accountPolicyId())) {
                    state.put(
                            p.accountPolicyId() + "/" + s.serverPolicyId(),
                            s.server() + " " + s.storageRegion() + " " + s.enabled() + " v"
                                    + s.feed().version() + " "
                                    + s.accountPolicyName().replace(" v3", "") + " " + s.schedule());
                }
            }
        });
        return state;
    }

    private long requestsFor(String message) {
        gate.reset();
        deliver(List.of(message));
        return gate.reset().total();
    }

    private ServerPolicy server(String account, String accountPolicyId, String serverPolicyId) {
        return Arrange.get(() -> servers.find(account, accountPolicyId, serverPolicyId))
                .orElseThrow(() -> new AssertionError("no server policy " + serverPolicyId));
    }

    /** Delivers messages as the queue does: records that fail come back until none does. */
    private static void deliver(List<String> messages) {
        List<String> pending = messages;
        for (int round = 0; !pending.isEmpty(); round++) {
            assertTrue(round < 5, "records still failing: " + pending);
            JsonNode response = invoke(pending);
            List<String> again = new ArrayList<>();
            for (JsonNode failure : response.path("batchItemFailures")) {
                again.add(pending.get(
                        Integer.parseInt(failure.get("itemIdentifier").asText().substring(1))));
            }
            pending = again;
        }
    }

    private static JsonNode invoke(List<String> bodies) {
        return Lambda.invokeJson(ElasticMq.lambdaEventOf(ElasticMq.POLICIES_ARN, bodies));
    }

    static String accountPolicy(
            String account, String id, long version, String schedule, boolean deleted, String syncId) {
        ObjectNode m = JSON.createObjectNode()
                .put("type", "ACCOUNT_POLICY")
                .put("account", account)
                .put("accountPolicyId", id)
                .put("version", version)
                .put("deleted", deleted);
        if (!deleted) {
            m.put("name", "Nightly").put("schedule", schedule).put("timezone", "UTC");
        }
        if (syncId != null) {
            m.put("syncId", syncId);
        }
        return m.toString();
    }

    static String serverPolicy(
            String account,
            String accountPolicyId,
            String id,
            long version,
            boolean enabled,
            boolean deleted,
            String syncId) {
        ObjectNode m = JSON.createObjectNode()
                .put("type", "SERVER_POLICY")
                .put("account", account)
                .put("accountPolicyId", accountPolicyId)
                .put("serverPolicyId", id)
                .put("server", "srv-" + id.substring(1))
                .put("storageRegion", "EU")
                .put("enabled", enabled)
                .put("version", version)
                .put("deleted", deleted);
        if (syncId != null) {
            m.put("syncId", syncId);
        }
        return m.toString();
    }

    static String sync(String account, String syncId, int accountPolicies, int serverPolicies) {
        return JSON.createObjectNode()
                .put("type", "POLICY_SYNC")
                .put("account", account)
                .put("syncId", syncId)
                .put("accountPolicies", accountPolicies)
                .put("serverPolicies", serverPolicies)
                .toString();
    }

    private static String named(String message, String name) {
        return message.replace("\"Nightly\"", "\"" + name + "\"");
    }

    private static String region(String message, String region) {
        return message.replace("\"EU\"", "\"" + region + "\"");
    }

    private static String account() {
        return "FEED" + UUID.randomUUID().toString().substring(0, 8);
    }
}
