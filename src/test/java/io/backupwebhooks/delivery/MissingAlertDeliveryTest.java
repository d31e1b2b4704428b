package io.backupwebhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.MissingAlert;
import io.backupwebhooks.shared.webhook.Signatures;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.Listener.Received;
import io.backupwebhooks.testing.ListenerExtension;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.SignatureCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The delivery function with alerts from the missing-alerts queue (what the scan enqueues), through the Lambda
 * Runtime API: the spec's Missing payload, one POST however often the alert comes, alerts only from their own queue,
 * and one account's hanging listener not holding back another account's alert.
 */
@QuarkusTest
@TestProfile(FunctionProfile.Delivery.class)
class MissingAlertDeliveryTest {

    @RegisterExtension
    static final ListenerExtension listener = new ListenerExtension();

    @Inject
    SubscriptionStore subscriptions;

    /** The test profile's request timeout (FunctionProfile). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void givenTheSpecsMissedStartAsAnAlert_whenDelivered_thenTheListenerGetsExactlyTheSpecMissingPayloadSigned() {
        String secret = Signatures.newSecret();
        subscribe("TEST", "/alert/spec", Listener.ok(), secret);
        MissingAlert alert = specAlert();

        JsonNode response = invoke(ElasticMq.lambdaEventOf(ElasticMq.ALERTS_ARN, List.of(alert.toMessage())));

        assertEquals(0, response.path("batchItemFailures").size(), response.toString());
        List<Received> posts = listener.received("/alert/spec");
        assertEquals(1, posts.size());
        JsonNode expected = Samples.tree(Samples.read("payloads/missing.json"));
        assertEquals(expected, Samples.tree(posts.get(0).body()));
        assertEquals(
                Samples.fieldNames(expected),
                Samples.fieldNames(Samples.tree(posts.get(0).body())));
        assertEquals(alert.eventId(), posts.get(0).header("webhook-id"));
        assertTrue(SignatureCheck.verifies(secret, posts.get(0)));
    }

    @Test
    void givenTheSameAlertEnqueuedByTwoScans_whenBothAreDelivered_thenOnePost() {
        String account = account();
        subscribe(account, "/alert/twice/" + account, Listener.ok(), null);
        String message =
                alert(account, "sp", Instant.parse("2026-06-10T19:00:00Z")).toMessage();

        JsonNode first = invoke(ElasticMq.lambdaEventOf(ElasticMq.ALERTS_ARN, List.of(message)));
        JsonNode second = invoke(ElasticMq.lambdaEventOf(ElasticMq.ALERTS_ARN, List.of(message)));

        assertEquals(
                0,
                first.path("batchItemFailures").size()
                        + second.path("batchItemFailures").size());
        assertEquals(1, listener.received("/alert/twice/" + account).size());
    }

    @Test
    void givenRecordsFromTheWrongQueue_whenDelivered_thenEachIsABadRecordAndNothingIsSent() {
        String account = account();
        subscribe(account, "/alert/wrong/" + account, Listener.ok(), null);
        String alert =
                alert(account, "sp", Instant.parse("2026-06-10T19:00:00Z")).toMessage();
        String lifecycle =
                Samples.event("backup-success").put("account", account).toString();

        JsonNode onEvents = invoke(ElasticMq.lambdaEventOf(ElasticMq.EVENTS_ARN, List.of(alert)));
        JsonNode onAlerts = invoke(ElasticMq.lambdaEventOf(ElasticMq.ALERTS_ARN, List.of(lifecycle)));
        JsonNode elsewhere = invoke(
                ElasticMq.lambdaEventOf("arn:aws:sqs:us-east-1:111111111111:backup-missing-alerts", List.of(alert)));

        for (JsonNode response : List.of(onEvents, onAlerts, elsewhere)) {
            assertEquals(
                    "m0", response.at("/batchItemFailures/0/itemIdentifier").asText(), response.toString());
        }
        assertEquals(0, listener.received("/alert/wrong/" + account).size());
    }

    @Test
    void givenAnAlertWhoseIdIsNotItsOwn_whenDelivered_thenItIsABadRecord() {
        String account = account();
        subscribe(account, "/alert/forged/" + account, Listener.ok(), null);
        MissingAlert real = alert(account, "sp", Instant.parse("2026-06-10T19:00:00Z"));
        MissingAlert forged = new MissingAlert(
                alert(account, "other", real.expectedDate()).eventId(),
                real.account(),
                real.server(),
                real.serverPolicyId(),
                real.accountPolicyId(),
                real.accountPolicyName(),
                real.storageRegion(),
                real.expectedDate());

        JsonNode response = invoke(ElasticMq.lambdaEventOf(
                ElasticMq.ALERTS_ARN, List.of(forged.toMessage(), "{\"type\":\"MISSING_ALERT\",\"v\":2}")));

        assertEquals(2, response.path("batchItemFailures").size(), response.toString());
        assertEquals(0, listener.received("/alert/forged/" + account).size());
    }

    @Test
    void givenABatchWithNineAlertsToAHangingListenerAndOneOfAnotherAccount_whenDelivered_thenTheOtherArrivesAtOnce()
            throws Exception {
        String noisy = account();
        String quiet = account();
        subscribe(noisy, "/alert/noisy/" + noisy, new Listener.Hang(), null);
        subscribe(quiet, "/alert/quiet/" + quiet, Listener.ok(), null);
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            batch.add(alert(noisy, "sp" + i, Instant.parse("2026-06-10T19:00:00Z"))
                    .toMessage());
        }
        batch.add(alert(quiet, "sp", Instant.parse("2026-06-10T19:00:00Z")).toMessage()); // last in the batch

        Instant invoked = Instant.now();
        CompletableFuture<JsonNode> done =
                CompletableFuture.supplyAsync(() -> invoke(ElasticMq.lambdaEventOf(ElasticMq.ALERTS_ARN, batch)));
        JsonNode response = done.get();
        Duration batchTook = Duration.between(invoked, Instant.now());

        assertEquals(0, response.path("batchItemFailures").size(), "hung POSTs are recorded attempts: " + response);
        List<Received> quietPosts = listener.received("/alert/quiet/" + quiet);
        assertEquals(1, quietPosts.size());
        Duration quietAfter = Duration.between(invoked, quietPosts.get(0).at());
        assertTrue(
                batchTook.compareTo(REQUEST_TIMEOUT) >= 0,
                "the hanging POSTs ran to the request timeout: " + batchTook);
        assertTrue(
                quietAfter.compareTo(REQUEST_TIMEOUT) < 0,
                "the other account's POST came " + quietAfter + " after the batch started, not after the hanging ones ("
                        + batchTook + ")");
        assertEquals(9, listener.received("/alert/noisy/" + noisy).size(), "each hanging POST was made once, at once");
    }

    static MissingAlert specAlert() {
        return MissingAlert.of(
                "TEST",
                "testServerId20181228013921",
                "5f3876b7-6fc9-4610-b619-85f6c01e231d",
                "2f62f2a3-d1be-496e-ab0a-e2fa25c4b152",
                "TestAccountPolicyName20181228013921",
                "US EAST",
                Instant.parse("2019-02-01T20:00:00Z"));
    }

    private static MissingAlert alert(String account, String serverPolicyId, Instant expected) {
        return MissingAlert.of(account, "srv-" + serverPolicyId, serverPolicyId, "daily", "Daily", "EU", expected);
    }

    private void subscribe(String account, String path, Listener.Behaviour behaviour, String secret) {
        Instant now = Instant.now();
        Arrange.run(() -> subscriptions.put(new Subscription(
                account, EventType.MISSING, listener.url(path, behaviour), true, secret, null, null, now, now)));
    }

    private static JsonNode invoke(String lambdaEvent) {
        return Lambda.invokeJson(lambdaEvent);
    }

    private static String account() {
        return "ACC" + UUID.randomUUID().toString().substring(0, 8);
    }
}
