package io.backupwebhooks.missed;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.BackupOutcome;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.store.OutcomeStore;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.store.Start;
import io.backupwebhooks.shared.store.StartStore;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.Listener.Received;
import io.backupwebhooks.testing.ListenerExtension;
import io.backupwebhooks.testing.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The missed-backup scan, invoked through the Lambda Runtime API against dynalite and a real listener. */
@QuarkusTest
@TestProfile(FunctionProfile.MissedScan.class)
class MissedScanFunctionTest {

    @RegisterExtension
    static final ListenerExtension listener = new ListenerExtension();

    @Inject
    SubscriptionStore subscriptions;
    @Inject
    ServerPolicyStore servers;
    @Inject
    StartStore starts;
    @Inject
    MissedScanService service;
    @Inject
    MissedChecks checks;
    @Inject
    OutcomeStore outcomes;

    @Test
    void givenSpecPolicyWithoutStart_whenSpecScanRuns_thenListenerGetsExactlyTheSpecMissingPayload() {
        subscribe("TEST", "/spec/missing");
        seed("TEST", "2f62f2a3-d1be-496e-ab0a-e2fa25c4b152", "5f3876b7-6fc9-4610-b619-85f6c01e231d",
                "testServerId20181228013921", "US EAST", "TestAccountPolicyName20181228013921", "0 14 * * *",
                "America/Chicago", Instant.parse("2019-01-15T00:00:00Z"), Instant.parse("2019-01-31T21:05:00Z"));

        JsonNode report = scan(Samples.read("events/scheduled-scan.json"));

        List<Received> posts = listener.received("/spec/missing");
        assertEquals(1, posts.size());
        JsonNode expected = Samples.tree(Samples.read("payloads/missing.json"));
        assertEquals(expected, Samples.tree(posts.get(0).body()));
        assertEquals(Samples.fieldNames(expected), Samples.fieldNames(Samples.tree(posts.get(0).body())));
        assertEquals("application/json", posts.get(0).header("content-type"));
        assertTrue(posts.get(0).header("webhook-id").startsWith("evt_"));
        assertEquals(1, report.get("missed").asInt());
        assertTrue(report.get("complete").asBoolean());
        // recorded for the daily report, with its webhook's outcome
        List<BackupOutcome> recorded = outcomes.between("TEST", Instant.parse("2019-02-01T00:00:00Z"),
                Instant.parse("2019-02-02T00:00:00Z"));
        assertEquals(1, recorded.size());
        assertEquals(EventType.MISSING, recorded.get(0).type());
        assertEquals(Instant.parse("2019-02-01T20:00:00Z"), recorded.get(0).at());
        assertEquals("testServerId20181228013921", recorded.get(0).server());
        assertEquals("TestAccountPolicyName20181228013921", recorded.get(0).accountPolicyName());
        assertEquals(Delivery.Outcome.DELIVERED, recorded.get(0).webhook());
    }

    @ParameterizedTest(name = "start at S{0} min: missed = {1}")
    @CsvSource({ "-15, false", "59, false", "0, false", "60, false", "-16, true", "61, true" })
    void givenStartNearTheScheduledTime_whenScanned_thenOnlyStartsInsideTheWindowCount(long minutes, boolean missed) {
        String account = account();
        subscribe(account, "/window/" + account);
        Instant scheduled = Instant.parse("2026-06-10T19:00:00Z"); // 14:00 in Chicago (CDT)
        ServerPolicy policy = seed(account, "daily", "sp", "srv", "EU", "Daily", "0 14 * * *", "America/Chicago",
                Instant.parse("2026-06-01T00:00:00Z"), scheduled.minus(Duration.ofHours(2)));
        starts.record(new Start(policy.serverPolicyId(), scheduled.plus(Duration.ofMinutes(minutes)), account, "srv",
                "daily", null));

        scan(scheduledEvent(scheduled.plus(Duration.ofMinutes(65))));

        assertEquals(missed ? 1 : 0, listener.received("/window/" + account).size());
    }

    @Test
    void givenStartOfAnotherAccountsPolicyWithTheSameId_whenScanned_thenItDoesNotCount() {
        String account = account();
        subscribe(account, "/other-account/" + account);
        Instant scheduled = Instant.parse("2026-06-10T19:00:00Z");
        seed(account, "daily", "shared-id", "srv", "EU", "Daily", "0 14 * * *", "America/Chicago",
                Instant.parse("2026-06-01T00:00:00Z"), scheduled.minus(Duration.ofHours(2)));
        starts.record(new Start("shared-id", scheduled, "SOMEONE-ELSE", "srv", "daily", null));

        scan(scheduledEvent(scheduled.plus(Duration.ofMinutes(65))));

        assertEquals(1, listener.received("/other-account/" + account).size());
    }

    @Test
    void givenRepeatedScansWithTheSameTime_whenRun_thenNoExtraPosts() {
        String account = account();
        subscribe(account, "/repeat/" + account);
        Instant now = Instant.parse("2026-07-01T12:05:00Z");
        seed(account, "hourly", "sp", "srv", "EU", "Hourly", "0 * * * *", "UTC", now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofHours(3)));

        for (int i = 0; i < 3; i++) {
            scan(scheduledEvent(now));
        }

        // 10:00 and 11:00 are judged at 12:05 (09:05 was the last check, 12:00 is not yet an hour old)
        assertEquals(List.of("2026-07-01T10:00:00.000Z", "2026-07-01T11:00:00.000Z"), expectedDates("/repeat/" + account));
    }

    @Test
    void givenAScanAfterA30HourGap_whenRun_thenOnlyTheLast24HoursAreReportedOldestFirst() {
        String account = account();
        subscribe(account, "/gap/" + account);
        Instant now = Instant.parse("2026-07-02T12:05:00Z");
        seed(account, "hourly", "sp", "srv", "EU", "Hourly", "0 * * * *", "UTC", now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofHours(30)));

        scan(scheduledEvent(now));

        List<String> expected = new ArrayList<>();
        for (Instant s = Instant.parse("2026-07-01T13:00:00Z"); !s.isAfter(Instant.parse("2026-07-02T11:00:00Z"));
                s = s.plus(Duration.ofHours(1))) {
            expected.add(s.toString().replace("Z", ".000Z"));
        }
        assertEquals(expected, expectedDates("/gap/" + account), "S >= now - 24 h and S + 1 h + grace <= now");
    }

    @Test
    void givenTwoScansRunningAtTheSameTime_whenTheyOverlap_thenOnePostPerMissedStart() throws Exception {
        String account = account();
        subscribe(account, "/parallel/" + account);
        Instant now = Instant.parse("2026-08-01T12:05:00Z");
        for (int i = 0; i < 20; i++) {
            seed(account, "hourly", "sp" + i, "srv" + i, "EU", "Hourly", "0 * * * *", "UTC",
                    now.minus(Duration.ofDays(1)), now.minus(Duration.ofHours(3)));
        }

        CompletableFuture<ScanReport> direct = CompletableFuture.supplyAsync(() -> service.scan(now));
        scan(scheduledEvent(now));
        direct.get();
        scan(scheduledEvent(now));

        assertEquals(40, listener.received("/parallel/" + account).size(), "20 policies x 2 missed starts");
        assertEquals(40, listener.received("/parallel/" + account).stream().map(r -> r.header("webhook-id")).distinct()
                .count());
    }

    @Test
    void givenPolicyEnabledAfterTheScheduledStart_whenScanned_thenThatStartIsNotReported() {
        String account = account();
        subscribe(account, "/created-later/" + account);
        Instant scheduled = Instant.parse("2026-06-10T19:00:00Z");
        seed(account, "daily", "sp", "srv", "EU", "Daily", "0 14 * * *", "America/Chicago",
                scheduled.plusSeconds(1), scheduled.plusSeconds(1));

        scan(scheduledEvent(scheduled.plus(Duration.ofHours(2))));

        assertEquals(0, listener.received("/created-later/" + account).size());
    }

    @Test
    void givenPolicyDeletedWhileAScanHasItInHand_whenTheScanAdvancesIt_thenItStaysDeleted() {
        String account = account();
        Instant now = Instant.parse("2026-09-01T12:05:00Z");
        ServerPolicy read = seed(account, "hourly", "sp", "srv", "EU", "Hourly", "0 * * * *", "UTC",
                now.minus(Duration.ofDays(1)), now.minus(Duration.ofHours(3)));
        ServerPolicy stored = servers.find(account, "hourly", "sp").orElseThrow();
        assertTrue(servers.delete(account, "hourly", "sp"));

        assertFalse(servers.advance(stored, now, now.plus(Duration.ofHours(1))));

        assertTrue(servers.find(account, "hourly", "sp").isEmpty());
        assertEquals(read.serverPolicyId(), stored.serverPolicyId());
    }

    private List<String> expectedDates(String path) {
        return listener.received(path).stream().map(r -> Samples.tree(r.body()).get("expectedDate").asText()).toList();
    }

    private static JsonNode scan(String event) {
        return Samples.tree(given().contentType("application/json").body(event).when().post().then().statusCode(200)
                .extract().asString());
    }

    private static String scheduledEvent(Instant time) {
        return Samples.event("scheduled-scan").put("time", time.toString()).toString();
    }

    private void subscribe(String account, String path) {
        Instant now = Instant.now();
        subscriptions.put(new Subscription(account, EventType.MISSING, listener.url(path, Listener.ok()), true, null,
                null, null, now, now));
    }

    private ServerPolicy seed(String account, String accountPolicyId, String serverPolicyId, String server,
            String region, String name, String cron, String zone, Instant enabledAt, Instant checkedThrough) {
        Instant next = checks.nextCheckAt(Schedule.of(cron, zone), checkedThrough);
        ServerPolicy policy = new ServerPolicy(account, accountPolicyId, serverPolicyId, server, region, true, enabledAt,
                enabledAt, enabledAt, name, cron, zone, checkedThrough, next, 0);
        assertTrue(servers.put(policy));
        return policy;
    }

    private static String account() {
        return "ACC" + UUID.randomUUID().toString().substring(0, 8);
    }
}
