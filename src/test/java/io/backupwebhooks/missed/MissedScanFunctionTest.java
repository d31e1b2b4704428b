package io.backupwebhooks.missed;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.store.Start;
import io.backupwebhooks.shared.store.StartStore;
import io.backupwebhooks.shared.webhook.MissingAlert;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Emulated;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The missed-backup scan, invoked through the Lambda Runtime API against dynalite and ElasticMQ: what it finds missed
 * arrives on the missing-alerts queue, one message per missed start (MissingAlertDeliveryTest sends such messages;
 * PackagedFunctionsIT runs the whole chain).
 */
@QuarkusTest
@TestProfile(FunctionProfile.MissedScan.class)
class MissedScanFunctionTest {

    /** The test resource's ElasticMQ and gate. */
    @Emulated
    ElasticMq elasticMq;

    @Emulated
    AwsGate gate;

    @Inject
    ServiceConfig config;

    @Inject
    ServerPolicyStore servers;

    @Inject
    StartStore starts;

    @Inject
    MissedScanService service;

    @Inject
    MissedChecks checks;

    @Test
    void givenSpecPolicyWithoutStart_whenSpecScanRuns_thenOneAlertCarriesExactlyTheSpecMissingPayload() {
        seed(
                "TEST",
                "2f62f2a3-d1be-496e-ab0a-e2fa25c4b152",
                "5f3876b7-6fc9-4610-b619-85f6c01e231d",
                "testServerId20181228013921",
                "US EAST",
                "TestAccountPolicyName20181228013921",
                "0 14 * * *",
                "America/Chicago",
                Instant.parse("2019-01-15T00:00:00Z"),
                Instant.parse("2019-01-31T21:05:00Z"));

        JsonNode report = scan(Samples.read("events/scheduled-scan.json"));

        List<MissingAlert> alerts = alerts("TEST");
        assertEquals(1, alerts.size());
        JsonNode expected = Samples.tree(Samples.read("payloads/missing.json"));
        String body = alerts.get(0).webhook().body();
        assertEquals(expected, Samples.tree(body));
        assertEquals(Samples.fieldNames(expected), Samples.fieldNames(Samples.tree(body)));
        assertTrue(alerts.get(0).eventId().startsWith("evt_"));
        assertEquals(1, report.get("missed").asInt());
        assertTrue(report.get("complete").asBoolean());
        ServerPolicy after = Arrange.get(() -> servers.find(
                        "TEST", "2f62f2a3-d1be-496e-ab0a-e2fa25c4b152", "5f3876b7-6fc9-4610-b619-85f6c01e231d"))
                .orElseThrow();
        assertTrue(after.nextCheckAt().isAfter(Instant.parse("2019-02-01T21:05:00Z")), "advanced once enqueued");
    }

    @Test
    void
            givenTheAlertsQueueRefusesMessages_whenAScanFindsMissedStarts_thenThePolicyIsNotAdvancedAndTheNextScanSendsThem() {
        String account = account();
        Instant now = Instant.parse("2026-07-05T12:05:00Z");
        seed(
                account,
                "hourly",
                "sp",
                "srv",
                "EU",
                "Hourly",
                "0 * * * *",
                "UTC",
                now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofHours(2)));
        String url = queueUrl();
        elasticMq.client().deleteQueue(b -> b.queueUrl(url));
        JsonNode refused;
        try {
            refused = scan(scheduledEvent(now));
        } finally {
            elasticMq.createTemplateQueues();
        }
        assertFalse(refused.get("complete").asBoolean(), refused.toString());
        assertTrue(refused.get("failed").asInt() >= 1, refused.toString());
        assertFalse(
                Arrange.get(() -> servers.find(account, "hourly", "sp"))
                        .orElseThrow()
                        .nextCheckAt()
                        .isAfter(now),
                "still due");

        scan(scheduledEvent(now));

        assertEquals(List.of("2026-07-05T11:00:00Z"), expectedDates(account));
        assertTrue(
                Arrange.get(() -> servers.find(account, "hourly", "sp"))
                        .orElseThrow()
                        .nextCheckAt()
                        .isAfter(now),
                "advanced");
    }

    @Test
    void givenAScan_whenItEnqueues_thenItUsesTenAlertsARequestAndNoDeliveryTable() {
        String account = account();
        Instant now = Instant.parse("2026-07-06T12:05:00Z");
        for (int i = 0; i < 25; i++) {
            seed(
                    account,
                    "hourly",
                    "sp" + i,
                    "srv" + i,
                    "EU",
                    "Hourly",
                    "0 * * * *",
                    "UTC",
                    now.minus(Duration.ofDays(10)),
                    now.minus(Duration.ofHours(2)));
        }
        gate.reset();

        JsonNode report = scan(scheduledEvent(now));

        List<Message> messages = elasticMq.drain(queueUrl()).stream()
                .filter(m -> MissingAlert.fromMessage(m.body()).account().equals(account))
                .toList();
        assertEquals(25, messages.size(), report.toString());
        messages.forEach(m -> assertEquals(
                account,
                m.attributesAsStrings().get("MessageGroupId"),
                "fair queues: the account is the message group"));
        AwsGate.Snapshot counted = gate.reset();
        assertTrue(counted.requests("SendMessageBatch") <= 3 + 3, counted.toString()); // 25 alerts: 3 full requests
        assertEquals(0, counted.requests("SendMessage"), counted.toString());
        assertEquals(
                0,
                counted.requests("GetItem") + counted.requests("PutItem") + counted.requests("BatchWriteItem"),
                "the scan no longer reads subscriptions or writes deliveries: " + counted);
    }

    @ParameterizedTest(name = "start at S{0} min: missed = {1}")
    @CsvSource({"-15, false", "59, false", "0, false", "60, false", "-16, true", "61, true"})
    void givenStartNearTheScheduledTime_whenScanned_thenOnlyStartsInsideTheWindowCount(long minutes, boolean missed) {
        String account = account();
        Instant scheduled = Instant.parse("2026-06-10T19:00:00Z"); // 14:00 in Chicago (CDT)
        ServerPolicy policy = seed(
                account,
                "daily",
                "sp",
                "srv",
                "EU",
                "Daily",
                "0 14 * * *",
                "America/Chicago",
                Instant.parse("2026-06-01T00:00:00Z"),
                scheduled.minus(Duration.ofHours(2)));
        Arrange.run(() -> starts.record(new Start(
                policy.serverPolicyId(), scheduled.plus(Duration.ofMinutes(minutes)), account, "srv", "daily", null)));

        scan(scheduledEvent(scheduled.plus(Duration.ofMinutes(65))));

        assertEquals(missed ? 1 : 0, alerts(account).size());
    }

    @Test
    void givenStartOfAnotherAccountsPolicyWithTheSameId_whenScanned_thenItDoesNotCount() {
        String account = account();
        Instant scheduled = Instant.parse("2026-06-10T19:00:00Z");
        seed(
                account,
                "daily",
                "shared-id",
                "srv",
                "EU",
                "Daily",
                "0 14 * * *",
                "America/Chicago",
                Instant.parse("2026-06-01T00:00:00Z"),
                scheduled.minus(Duration.ofHours(2)));
        Arrange.run(() -> starts.record(new Start("shared-id", scheduled, "SOMEONE-ELSE", "srv", "daily", null)));

        scan(scheduledEvent(scheduled.plus(Duration.ofMinutes(65))));

        assertEquals(1, alerts(account).size());
    }

    @Test
    void givenRepeatedScansWithTheSameTime_whenRun_thenNoExtraAlerts() {
        String account = account();
        Instant now = Instant.parse("2026-07-01T12:05:00Z");
        seed(
                account,
                "hourly",
                "sp",
                "srv",
                "EU",
                "Hourly",
                "0 * * * *",
                "UTC",
                now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofHours(3)));

        for (int i = 0; i < 3; i++) {
            scan(scheduledEvent(now));
        }

        // 10:00 and 11:00 are judged at 12:05 (09:05 was the last check, 12:00 is not yet an hour old)
        assertEquals(List.of("2026-07-01T10:00:00Z", "2026-07-01T11:00:00Z"), expectedDates(account));
    }

    @Test
    void givenAScanAfterA30HourGap_whenRun_thenOnlyTheLast24HoursAreReportedOldestFirst() {
        String account = account();
        Instant now = Instant.parse("2026-07-02T12:05:00Z");
        seed(
                account,
                "hourly",
                "sp",
                "srv",
                "EU",
                "Hourly",
                "0 * * * *",
                "UTC",
                now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofHours(30)));

        scan(scheduledEvent(now));

        List<String> expected = new ArrayList<>();
        for (Instant s = Instant.parse("2026-07-01T13:00:00Z");
                !s.isAfter(Instant.parse("2026-07-02T11:00:00Z"));
                s = s.plus(Duration.ofHours(1))) {
            expected.add(s.toString());
        }
        assertEquals(expected, expectedDates(account), "S >= now - 24 h and S + 1 h + grace <= now");
    }

    @Test
    void givenTwoScansRunningAtTheSameTime_whenTheyOverlap_thenEveryMissedStartIsEnqueuedUnderItsOneId()
            throws Exception {
        String account = account();
        Instant now = Instant.parse("2026-08-01T12:05:00Z");
        for (int i = 0; i < 20; i++) {
            seed(
                    account,
                    "hourly",
                    "sp" + i,
                    "srv" + i,
                    "EU",
                    "Hourly",
                    "0 * * * *",
                    "UTC",
                    now.minus(Duration.ofDays(1)),
                    now.minus(Duration.ofHours(3)));
        }

        CompletableFuture<ScanReport> direct = CompletableFuture.supplyAsync(() -> service.scan(now));
        scan(scheduledEvent(now));
        direct.get();
        scan(scheduledEvent(now));

        // overlapping scans may both enqueue a start (the delivery's claim makes it one POST); none is lost
        List<MissingAlert> alerts = alerts(account);
        assertTrue(alerts.size() >= 40, alerts.size() + " alerts");
        assertEquals(
                40, alerts.stream().map(MissingAlert::eventId).distinct().count(), "20 policies x 2 missed starts");
    }

    @Test
    void givenPolicyEnabledAfterTheScheduledStart_whenScanned_thenThatStartIsNotReported() {
        String account = account();
        Instant scheduled = Instant.parse("2026-06-10T19:00:00Z");
        seed(
                account,
                "daily",
                "sp",
                "srv",
                "EU",
                "Daily",
                "0 14 * * *",
                "America/Chicago",
                scheduled.plusSeconds(1),
                scheduled.plusSeconds(1));

        scan(scheduledEvent(scheduled.plus(Duration.ofHours(2))));

        assertEquals(0, alerts(account).size());
    }

    @Test
    void givenPolicyDeletedWhileAScanHasItInHand_whenTheScanAdvancesIt_thenItStaysDeleted() {
        String account = account();
        Instant now = Instant.parse("2026-09-01T12:05:00Z");
        ServerPolicy read = seed(
                account,
                "hourly",
                "sp",
                "srv",
                "EU",
                "Hourly",
                "0 * * * *",
                "UTC",
                now.minus(Duration.ofDays(1)),
                now.minus(Duration.ofHours(3)));
        ServerPolicy stored =
                Arrange.get(() -> servers.find(account, "hourly", "sp")).orElseThrow();
        assertTrue(Arrange.get(() -> servers.delete(account, "hourly", "sp")));

        assertFalse(Arrange.get(() -> servers.advance(stored, now, now.plus(Duration.ofHours(1)))));

        assertTrue(Arrange.get(() -> servers.find(account, "hourly", "sp")).isEmpty());
        assertEquals(read.serverPolicyId(), stored.serverPolicyId());
    }

    /** The alerts of {@code account} now on the queue, oldest expected start first (the queue's order is not kept). */
    private List<MissingAlert> alerts(String account) {
        return elasticMq.drain(queueUrl()).stream()
                .map(Message::body)
                .map(MissingAlert::fromMessage)
                .filter(a -> a.account().equals(account))
                .sorted(java.util.Comparator.comparing(MissingAlert::expectedDate))
                .toList();
    }

    private List<String> expectedDates(String account) {
        return alerts(account).stream().map(a -> a.expectedDate().toString()).toList();
    }

    private String queueUrl() {
        return config.queues().missingAlertsUrl().orElseThrow();
    }

    private static JsonNode scan(String event) {
        return Lambda.invokeJson(event);
    }

    private static String scheduledEvent(Instant time) {
        return Samples.event("scheduled-scan").put("time", time.toString()).toString();
    }

    private ServerPolicy seed(
            String account,
            String accountPolicyId,
            String serverPolicyId,
            String server,
            String region,
            String name,
            String cron,
            String zone,
            Instant enabledAt,
            Instant checkedThrough) {
        Instant next = checks.nextCheckAt(Schedule.of(cron, zone), checkedThrough);
        ServerPolicy policy = new ServerPolicy(
                account,
                accountPolicyId,
                serverPolicyId,
                server,
                region,
                true,
                enabledAt,
                enabledAt,
                enabledAt,
                name,
                cron,
                zone,
                checkedThrough,
                next,
                0);
        assertTrue(Arrange.get(() -> servers.put(policy)));
        return policy;
    }

    private static String account() {
        return "ACC" + UUID.randomUUID().toString().substring(0, 8);
    }
}
