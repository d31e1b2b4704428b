package io.backupwebhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.BackupOutcome;
import io.backupwebhooks.shared.store.Delivery.Outcome;
import io.backupwebhooks.shared.store.OutcomeStore;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Emulated;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.ListenerExtension;
import io.backupwebhooks.testing.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Every completion is recorded for the daily report, subscribed or not, in the batch the delivery already makes:
 * through the Lambda Runtime API, with DynamoDB requests counted by the IAM gate.
 */
@QuarkusTest
@TestProfile(FunctionProfile.Delivery.class)
class OutcomeRecordingTest {

    @RegisterExtension
    static final ListenerExtension listener = new ListenerExtension();

    @Inject
    SubscriptionStore subscriptions;

    @Inject
    OutcomeStore outcomes;

    @Emulated
    AwsGate gate;

    @Test
    void givenNoSubscription_whenACompletionArrives_thenItsOutcomeIsRecordedWithTwoRequestsAndNoWebhook() {
        String account = account();
        ObjectNode event = completion("backup-failed", account, "2026-12-01T23:30:00Z");

        gate.reset();
        invoke(event);
        AwsGate.Snapshot used = gate.reset();

        List<BackupOutcome> recorded = day(account, "2026-12-01");
        assertEquals(1, recorded.size());
        BackupOutcome outcome = recorded.get(0);
        assertEquals(EventType.FAILED, outcome.type());
        assertEquals(Instant.parse("2026-12-01T23:30:00Z"), outcome.at());
        assertEquals(event.get("server").asText(), outcome.server());
        assertEquals(event.get("accountPolicyName").asText(), outcome.accountPolicyName());
        assertEquals(event.get("restorePointId").asText(), outcome.restorePointId());
        assertNull(outcome.webhook());
        assertEquals(2, used.total(), used.requests().toString());
        assertEquals(1, used.requests("BatchWriteItem"), used.requests().toString());
    }

    @Test
    void givenSubscriptionThatFails_whenACompletionArrives_thenTheOutcomeCarriesTheAttemptWithinThreeRequests() {
        String account = account();
        subscribe(
                account, EventType.SUCCESS, listener.url("/fails/" + account, new Listener.Status(503, Duration.ZERO)));
        ObjectNode event = completion("backup-success", account, "2026-12-02T00:10:00Z");

        gate.reset();
        invoke(event);
        AwsGate.Snapshot used = gate.reset();

        BackupOutcome outcome = day(account, "2026-12-02").get(0);
        assertEquals(EventType.SUCCESS, outcome.type());
        assertEquals(Outcome.FAILED, outcome.webhook());
        assertEquals(503, outcome.webhookStatus());
        assertEquals(3, used.total(), used.requests().toString());

        // the queue delivers the same message again: nothing is sent, and the outcome keeps its attempt
        invoke(event);
        assertEquals(1, listener.received("/fails/" + account).size());
        List<BackupOutcome> again = day(account, "2026-12-02");
        assertEquals(1, again.size());
        assertEquals(Outcome.FAILED, again.get(0).webhook());
    }

    @Test
    void givenCompletionsAcrossUtcMidnight_whenRead_thenEachDayHoldsItsOwnAndAnIntervalSpanningBothReadsBoth() {
        String account = account();
        invoke(completion("backup-success", account, "2026-12-01T23:59:59.999Z"));
        invoke(completion("backup-partial-success", account, "2026-12-02T00:00:00Z"));

        assertEquals(1, day(account, "2026-12-01").size());
        assertEquals(1, day(account, "2026-12-02").size());
        List<BackupOutcome> both = Arrange.get(() -> outcomes.between(
                account, Instant.parse("2026-12-01T06:00:00Z"), Instant.parse("2026-12-02T06:00:00Z")));
        assertEquals(
                List.of(EventType.SUCCESS, EventType.PARTIAL_SUCCESS),
                both.stream().map(BackupOutcome::type).toList());
        assertTrue(Arrange.get(() -> outcomes.between(
                        account, Instant.parse("2026-12-02T00:00:00.001Z"), Instant.parse("2026-12-03T00:00:00Z")))
                .isEmpty());
    }

    private List<BackupOutcome> day(String account, String utcDay) {
        Instant start = Instant.parse(utcDay + "T00:00:00Z");
        return Arrange.get(() -> outcomes.between(account, start, start.plus(Duration.ofDays(1))));
    }

    private static void invoke(ObjectNode event) {
        JsonNode response = Lambda.invokeJson(ElasticMq.lambdaEventOf(List.of(event.toString())));
        assertEquals(0, response.path("batchItemFailures").size(), response.toString());
    }

    private void subscribe(String account, EventType type, String url) {
        Instant now = Instant.now();
        Arrange.run(() -> subscriptions.put(new Subscription(account, type, url, true, null, null, null, now, now)));
    }

    private static ObjectNode completion(String sample, String account, String finished) {
        return Samples.event(sample)
                .put("account", account)
                .put("restorePointId", UUID.randomUUID().toString())
                .put("finishedDate", finished);
    }

    private static String account() {
        return "OUT" + UUID.randomUUID().toString().substring(0, 8);
    }
}
