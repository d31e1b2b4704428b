package io.backupwebhooks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.store.ReportSettings;
import io.backupwebhooks.shared.store.ReportSettingsStore;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.Emulated;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.SesLocal;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The report arrives at least once per confirmed address and day, and never twice on purpose (issue 19): through the
 * report function's Runtime API, SES (aws-ses-v2-local) behind the gate, which models SES's refusals (throttling,
 * a rejected address). Paced to 2 sends a second with a 1-second budget, so one run cannot send everything.
 */
@QuarkusTest
@TestProfile(FunctionProfile.ReportPaced.class)
class ReportDeliveryTest {

    private static final Instant DUE = Instant.parse("2026-12-10T08:00:00Z");

    @Inject
    ReportSettingsStore settings;

    @Inject
    io.backupwebhooks.shared.store.EmailTokenStore tokens;

    @Emulated
    SesLocal ses;

    @Emulated
    AwsGate gate;

    @AfterEach
    void sesAcceptsAgain() {
        gate.sesRefuseNext(0);
    }

    @Test
    void givenSesThrottlesEverySendOfTheFirstRun_whenLaterRunsCome_thenEachAddressGetsItsReportExactlyOnce() {
        String account = account();
        List<String> to = List.of(address(account, "ops"), address(account, "boss"));
        seed(account, to);
        gate.sesRefuseNext(1000);

        JsonNode first = run(DUE);
        gate.sesRefuseNext(0);
        JsonNode tooSoon = run(DUE.plus(Duration.ofMinutes(5)));
        JsonNode retry = run(DUE.plus(Duration.ofMinutes(10)));
        JsonNode later = run(DUE.plus(Duration.ofMinutes(30)));

        assertTrue(first.get("throttled").asInt() >= 1, first.toString());
        assertEquals(0, first.get("emails").asInt(), first.toString());
        assertEquals(0, tooSoon.get("emails").asInt(), "retried after 10 minutes: " + tooSoon);
        assertEquals(2, retry.get("emails").asInt(), retry.toString());
        assertEquals(0, later.get("emails").asInt(), later.toString());
        for (String address : to) {
            assertEquals(1, ses.emailsTo(address).size(), address);
        }
        ReportSettings after = Arrange.get(() -> settings.find(account)).orElseThrow();
        assertEquals(null, after.pending(), "the day is settled");
        assertEquals(Instant.parse("2026-12-11T08:00:00Z"), after.nextReportAt(), "the next report is tomorrow's");
    }

    @Test
    void givenOneAddressRejected_whenTheOtherIsAccepted_thenOnlyTheRejectedOneIsSentAgainLater() {
        String account = account();
        String ops = address(account, "ops");
        String bad = address(account, "bad");
        seed(account, List.of(ops, bad));
        gate.sesReject(bad);
        JsonNode first;
        try {
            first = run(DUE);
        } finally {
            gate.sesAccept(bad);
        }

        JsonNode retry = run(DUE.plus(Duration.ofMinutes(11)));

        assertEquals(1, first.get("emails").asInt(), first.toString());
        assertEquals(1, retry.get("emails").asInt(), retry.toString());
        assertEquals(1, ses.emailsTo(ops).size(), "accepted once: never sent again");
        assertEquals(1, ses.emailsTo(bad).size(), "sent by the later run");
    }

    @Test
    void givenAnAddressRejectedAllDay_whenItsDeadlinePasses_thenTheDayIsGivenUpAndTheNextDayGoesOn() {
        String account = account();
        String bad = address(account, "never");
        seed(account, List.of(bad));
        gate.sesReject(bad);
        try {
            run(DUE);
            run(DUE.plus(Duration.ofHours(6)));
            JsonNode late = run(DUE.plus(Duration.ofHours(13)));
            assertEquals(1, late.get("givenUp").asInt(), late.toString());
        } finally {
            gate.sesAccept(bad);
        }
        ReportSettings after = Arrange.get(() -> settings.find(account)).orElseThrow();
        assertEquals(null, after.pending());
        assertEquals(Instant.parse("2026-12-11T08:00:00Z"), after.nextReportAt());
        assertEquals(1, run(Instant.parse("2026-12-11T08:00:00Z")).get("emails").asInt(), "the next day is sent");
        assertEquals(1, ses.emailsTo(bad).size());
    }

    @Test
    void givenMoreSendsThanOneRunsBudgetAllows_whenRunsFollowEachOther_thenTheRestGoesOutNextRunsAndNothingTwice() {
        List<String> addresses = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            String account = account();
            List<String> to = List.of(address(account, "a"), address(account, "b"));
            seed(account, to);
            addresses.addAll(to);
        }

        JsonNode first = run(DUE);
        int runs = 1;
        Instant at = DUE;
        while (addresses.stream().anyMatch(a -> ses.emailsTo(a).isEmpty()) && runs < 20) {
            at = at.plus(Duration.ofMinutes(11));
            run(at);
            runs++;
        }

        assertTrue(first.get("emails").asInt() < 6, "2 sends a second for 1 s cannot send 6 reports: " + first);
        assertTrue(runs > 1);
        for (String address : addresses) {
            assertEquals(1, ses.emailsTo(address).size(), address);
        }
    }

    @Test
    void givenAConfirmedAddressThatAskedNeverToBeEmailed_whenTheReportRuns_thenItGetsNothingAndTheDayIsSettled() {
        String account = account();
        String ops = address(account, "ops");
        String refused = address(account, "refused");
        seed(account, List.of(ops, refused));
        Arrange.run(() -> tokens.suppress(io.backupwebhooks.shared.mail.AddressHash.of(refused), "test"));

        JsonNode run = run(DUE);

        assertEquals(1, run.get("emails").asInt(), run.toString());
        assertEquals(0, ses.emailsTo(refused).size());
        assertEquals(
                null, Arrange.get(() -> settings.find(account)).orElseThrow().pending());
    }

    @Test
    void givenSesReportsAPermanentBounceAndAComplaint_whenTheReportRuns_thenThoseAddressesGetNothingFromAnyAccount() {
        String account = account();
        String bounced = address(account, "bounced");
        String complained = address(account, "complained");
        String soft = address(account, "soft");
        seed(account, List.of(bounced, complained, soft));

        JsonNode hard = invokeEvent(sesEvent("Email Bounced", "bounce", "bouncedRecipients", bounced, "Permanent"));
        JsonNode complaint = invokeEvent(
                sesEvent("Email Complaint Received", "complaint", "complainedRecipients", complained, null));
        JsonNode transientBounce =
                invokeEvent(sesEvent("Email Bounced", "bounce", "bouncedRecipients", soft, "Transient"));
        JsonNode run = run(DUE);

        assertEquals(1, hard.get("suppressed").asInt(), hard.toString());
        assertEquals(1, complaint.get("suppressed").asInt(), complaint.toString());
        assertEquals(0, transientBounce.get("suppressed").asInt(), "a transient bounce suppresses nothing");
        assertEquals(1, run.get("emails").asInt(), run.toString());
        assertEquals(0, ses.emailsTo(bounced).size());
        assertEquals(0, ses.emailsTo(complained).size());
        assertEquals(1, ses.emailsTo(soft).size());
    }

    /** An SES event as EventBridge delivers it from a configuration set's event destination. */
    private static String sesEvent(String detailType, String kind, String list, String address, String bounceType) {
        var event =
                com.fasterxml.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
        event.put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", detailType)
                .put("source", "aws.ses")
                .put("time", "2026-12-10T09:00:00Z")
                .put("region", "us-east-1");
        var detail = event.putObject("detail");
        detail.put("eventType", kind.equals("bounce") ? "Bounce" : "Complaint");
        var feedback = detail.putObject(kind);
        if (bounceType != null) {
            feedback.put("bounceType", bounceType);
        }
        feedback.putArray(list).addObject().put("emailAddress", address);
        detail.putObject("mail").put("messageId", "m-1").putArray("destination").add(address);
        return event.toString();
    }

    private static JsonNode invokeEvent(String event) {
        return Lambda.invokeJson(event);
    }

    private void seed(String account, List<String> addresses) {
        List<ReportSettings.Recipient> recipients = new ArrayList<>();
        for (String address : addresses) {
            String token = (Integer.toHexString(address.hashCode()) + "x".repeat(43)).substring(0, 43);
            recipients.add(new ReportSettings.Recipient(address, true, token, Instant.now()));
        }
        assertTrue(Arrange.get(() -> settings.save(new ReportSettings(
                account, true, 8, "UTC", recipients, DUE, null, "https://api.example.com", Instant.now(), 0))));
    }

    private static JsonNode run(Instant time) {
        String event =
                Samples.event("scheduled-scan").put("time", time.toString()).toString();
        return Lambda.invokeJson(event);
    }

    private static String address(String account, String name) {
        return name + "-" + account.toLowerCase() + "@example.org";
    }

    private static String account() {
        return "DLV" + UUID.randomUUID().toString().substring(0, 8);
    }
}
