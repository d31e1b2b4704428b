package io.backupwebhooks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.BackupOutcome;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.store.Items;
import io.backupwebhooks.shared.store.OutcomeStore;
import io.backupwebhooks.shared.store.ReportSettings;
import io.backupwebhooks.shared.store.ReportSettingsStore;
import io.backupwebhooks.shared.store.StoreWrite;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.Emulated;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.SesLocal;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The report function through the Lambda Runtime API (its scheduled event), with dynalite and aws-ses-v2-local behind
 * the IAM gate: the right local day, exactly one email per account and day, nothing for disabled reports and
 * unconfirmed addresses, "no backups ran", and the 23- and 25-hour days of daylight-saving changes.
 */
@QuarkusTest
@TestProfile(FunctionProfile.Report.class)
class ReportFunctionTest {

    @Inject
    ReportSettingsStore settings;

    @Inject
    OutcomeStore outcomes;

    @Inject
    DynamoDbClient dynamo;

    @Inject
    ReportService service;

    @Emulated
    SesLocal ses;

    @Test
    void givenEventsAroundChicagoMidnight_whenTheReportRuns_thenItCountsAndListsExactlyTheLocalDay() {
        String account = account();
        String to = address(account, "ops");
        String unconfirmed = address(account, "new");
        seed(account, 8, "America/Chicago", Instant.parse("2026-12-02T14:00:00Z"), List.of(to), List.of(unconfirmed));
        record(account, EventType.SUCCESS, "2026-12-01T05:59:59Z", null); // 23:59:59 on Nov 30 in Chicago
        record(account, EventType.SUCCESS, "2026-12-01T06:00:00Z", Delivery.Outcome.FAILED); // 00:00 Dec 1
        record(account, EventType.FAILED, "2026-12-01T23:30:00Z", null);
        record(account, EventType.MISSING, "2026-12-02T03:00:00Z", null); // 21:00 Dec 1, next UTC day
        record(account, EventType.PARTIAL_SUCCESS, "2026-12-02T05:59:00Z", Delivery.Outcome.BLOCKED);
        record(account, EventType.FAILED, "2026-12-02T06:00:00Z", null); // 00:00 Dec 2

        JsonNode run = run("2026-12-02T14:00:00Z");

        assertTrue(run.get("sent").asInt() >= 1, run.toString());
        List<JsonNode> emails = ses.emailsTo(to);
        assertEquals(1, emails.size());
        JsonNode email = emails.get(0);
        assertEquals(
                "Backups for " + account + " on 2026-12-01: 1 succeeded, 1 partially succeeded, 1 failed, 1 missed",
                email.path("subject").asText());
        String text = email.path("body").path("text").asText();
        assertTrue(text.contains("17:30  srv-FAILED-2026-12-01T23:30:00Z"), text); // the failure at its local time
        assertTrue(text.contains("21:00  srv-MISSING-2026-12-02T03:00:00Z"), text);
        assertTrue(text.contains("23:59  srv-PARTIAL_SUCCESS-2026-12-02T05:59:00Z"), text);
        assertTrue(text.contains("WEBHOOKS THAT FAILED OR WERE BLOCKED"), text);
        assertTrue(text.contains("FAILED 503"), text);
        assertTrue(text.contains("BLOCKED"), text);
        assertFalse(text.contains("2026-12-02T06:00:00Z"), text);
        assertFalse(text.contains("2026-12-01T05:59:59Z"), text);
        assertTrue(text.contains("Webhooks page: https://api.example.com/"), text);
        // each failed webhook links to its type's delivery log on the page, where it can be resent
        assertTrue(text.contains("resend from the delivery log: https://api.example.com/?deliveries=SUCCESS"), text);
        String html = email.path("body").path("html").asText();
        assertTrue(html.contains("href=\"https://api.example.com/?deliveries=PARTIAL_SUCCESS\""), html);
        assertTrue(html.contains("srv-FAILED-2026-12-01T23:30:00Z"), html);
        String header = SesLocal.header(email, "List-Unsubscribe");
        assertTrue(
                header.matches("<https://api\\.example\\.com/report/unsubscribe\\?token=[A-Za-z0-9_-]{43}>"),
                "a fresh token per email: " + header);
        String unsubscribe = header.substring(1, header.length() - 1);
        assertEquals("List-Unsubscribe=One-Click", SesLocal.header(email, "List-Unsubscribe-Post"));
        assertTrue(html.contains(unsubscribe), html);
        assertEquals(0, ses.emailsTo(unconfirmed).size(), "an unconfirmed address gets nothing");
        ReportSettings after = Arrange.get(() -> settings.find(account)).orElseThrow();
        assertEquals("2026-12-01", after.lastReportDay());
        assertEquals(Instant.parse("2026-12-03T14:00:00Z"), after.nextReportAt());
    }

    @Test
    void givenOverlappingAndRepeatedRuns_whenAllFinish_thenOneEmailPerAccount() {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String account = account();
            String to = address(account, "ops");
            addresses.add(to);
            seed(account, 6, "Europe/Berlin", Instant.parse("2026-12-05T05:00:00Z"), List.of(to), List.of());
            record(account, EventType.SUCCESS, "2026-12-04T12:00:00Z", null);
        }

        List<CompletableFuture<?>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> run("2026-12-05T05:00:00Z")));
        }
        runs.add(CompletableFuture.supplyAsync(() -> service.run(Instant.parse("2026-12-05T05:00:00Z"))));
        runs.forEach(CompletableFuture::join);
        run("2026-12-05T05:00:00Z");
        run("2026-12-05T05:30:00Z");

        for (String to : addresses) {
            List<JsonNode> emails = ses.emailsTo(to);
            assertEquals(1, emails.size(), to);
            assertTrue(
                    emails.get(0).path("subject").asText().endsWith("on 2026-12-04: 1 succeeded, 0 failed, 0 missed"),
                    emails.get(0).path("subject").asText());
        }
    }

    @Test
    void givenADisabledReportAndOneWithoutConfirmedAddresses_whenTheRunComes_thenNothingIsSent() {
        String disabled = account();
        String unconfirmed = account();
        String toDisabled = address(disabled, "ops");
        Arrange.run(() -> settings.save(new ReportSettings(
                disabled,
                false,
                9,
                "UTC",
                List.of(confirmed(toDisabled)),
                null,
                null,
                "https://api.example.com",
                Instant.now(),
                0)));
        seed(
                unconfirmed,
                9,
                "UTC",
                Instant.parse("2026-12-06T09:00:00Z"),
                List.of(),
                List.of(address(unconfirmed, "new")));
        record(disabled, EventType.FAILED, "2026-12-05T10:00:00Z", null);
        record(unconfirmed, EventType.FAILED, "2026-12-05T10:00:00Z", null);

        run("2026-12-06T09:00:00Z");

        assertEquals(0, ses.emailsTo(toDisabled).size());
        assertEquals(0, ses.emailsTo(address(unconfirmed, "new")).size());
        assertEquals(
                Instant.parse("2026-12-07T09:00:00Z"),
                Arrange.get(() -> settings.find(unconfirmed)).orElseThrow().nextReportAt(),
                "moved on to its next report");
    }

    @Test
    void givenADayWithoutEvents_whenReported_thenTheEmailSaysNoBackupsRan() {
        String account = account();
        String to = address(account, "ops");
        seed(account, 0, "Asia/Tokyo", Instant.parse("2026-12-06T15:00:00Z"), List.of(to), List.of());

        run("2026-12-06T15:00:00Z");

        JsonNode email = ses.emailsTo(to).get(0);
        assertEquals(
                "Backups for " + account + " on 2026-12-06: no backups ran",
                email.path("subject").asText());
        assertTrue(email.path("body").path("text").asText().contains("No backups ran on 2026-12-06 (Asia/Tokyo)."));
    }

    @Test
    void givenThe23And25HourDaysOfDaylightSaving_whenReported_thenEveryHourOfTheLocalDayCounts() {
        // 2026-03-08 in Chicago: 00:00 CST (06:00Z) .. 24:00 CDT (05:00Z next day), 23 hours
        String spring = account();
        seed(
                spring,
                8,
                "America/Chicago",
                Instant.parse("2026-03-09T13:00:00Z"),
                List.of(address(spring, "ops")),
                List.of());
        record(spring, EventType.SUCCESS, "2026-03-08T05:59:59Z", null);
        record(spring, EventType.SUCCESS, "2026-03-08T06:00:00Z", null);
        record(spring, EventType.SUCCESS, "2026-03-09T04:59:59Z", null);
        record(spring, EventType.SUCCESS, "2026-03-09T05:00:00Z", null);
        // 2026-11-01 in Chicago: 00:00 CDT (05:00Z) .. 24:00 CST (06:00Z next day), 25 hours
        String fall = account();
        seed(
                fall,
                8,
                "America/Chicago",
                Instant.parse("2026-11-02T14:00:00Z"),
                List.of(address(fall, "ops")),
                List.of());
        record(fall, EventType.FAILED, "2026-11-01T04:59:59Z", null);
        record(fall, EventType.FAILED, "2026-11-01T05:00:00Z", null);
        record(fall, EventType.FAILED, "2026-11-01T06:30:00Z", null); // 01:30 CDT
        record(fall, EventType.FAILED, "2026-11-01T07:30:00Z", null); // 01:30 CST, the repeated hour
        record(fall, EventType.FAILED, "2026-11-02T05:59:59Z", null);
        record(fall, EventType.FAILED, "2026-11-02T06:00:00Z", null);

        run("2026-03-09T13:00:00Z");
        run("2026-11-02T14:00:00Z");

        assertEquals(
                "Backups for " + spring + " on 2026-03-08: 2 succeeded, 0 failed, 0 missed",
                ses.emailsTo(address(spring, "ops")).get(0).path("subject").asText());
        assertEquals(
                "Backups for " + fall + " on 2026-11-01: 0 succeeded, 4 failed, 0 missed",
                ses.emailsTo(address(fall, "ops")).get(0).path("subject").asText());
    }

    private void seed(
            String account,
            int hour,
            String zone,
            Instant nextReportAt,
            List<String> confirmedAddresses,
            List<String> unconfirmedAddresses) {
        List<ReportSettings.Recipient> recipients = new ArrayList<>();
        confirmedAddresses.forEach(a -> recipients.add(confirmed(a)));
        unconfirmedAddresses.forEach(a -> recipients.add(new ReportSettings.Recipient(a, false, null, Instant.now())));
        assertTrue(Arrange.get(() -> settings.save(new ReportSettings(
                account,
                true,
                hour,
                zone,
                recipients,
                nextReportAt,
                null,
                "https://api.example.com",
                Instant.now(),
                0))));
    }

    private static ReportSettings.Recipient confirmed(String address) {
        return new ReportSettings.Recipient(address, true, token(address), Instant.now());
    }

    /** A fixed unsubscribe token per address (43 URL-safe characters, as the real ones). */
    private static String token(String address) {
        String hex = Integer.toHexString(address.hashCode());
        return (hex + "x".repeat(43)).substring(0, 43);
    }

    private void record(String account, EventType type, String at, Delivery.Outcome webhook) {
        String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
        BackupOutcome outcome = new BackupOutcome(
                account,
                id,
                type,
                Instant.parse(at),
                "srv-" + type + "-" + at,
                "sp-1",
                "ap-1",
                "Nightly",
                type == EventType.MISSING ? null : "rp-" + id.substring(4, 12),
                webhook,
                webhook == Delivery.Outcome.FAILED ? 503 : null,
                webhook == null
                        ? null
                        : webhook == Delivery.Outcome.FAILED ? "the listener answered 503" : "private address");
        List<StoreWrite> writes = List.of(Arrange.get(() -> outcomes.recordWrite(outcome)));
        Arrange.run(() -> Items.batchWrite(dynamo, writes));
    }

    private static JsonNode run(String time) {
        String event = Samples.event("scheduled-scan").put("time", time).toString();
        return Lambda.invokeJson(event);
    }

    private static String address(String account, String name) {
        return name + "-" + account.toLowerCase() + "@example.org";
    }

    private static String account() {
        return "RPT" + UUID.randomUUID().toString().substring(0, 8);
    }
}
