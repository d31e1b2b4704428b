package io.backupwebhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.store.DeliveryStore;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.ResendRequest;
import io.backupwebhooks.shared.webhook.Signatures;
import io.backupwebhooks.shared.webhook.WebhookDispatcher;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.Listener.Received;
import io.backupwebhooks.testing.ListenerExtension;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.Seed;
import io.backupwebhooks.testing.SignatureCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The delivery function's side of a recovery (spec 6), through the Lambda Runtime API: each resend from the resend
 * queue is one POST with the event's webhook-id and a valid new signature; a message that comes again, or a second
 * recovery that overlaps the first, sends nothing more; resends come only from their own queue.
 */
@QuarkusTest
@TestProfile(FunctionProfile.Delivery.class)
class ResendDeliveryTest {

    @RegisterExtension
    static final ListenerExtension listener = new ListenerExtension();

    @Inject
    SubscriptionStore subscriptions;

    @Inject
    DeliveryStore deliveries;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo;

    private static final String BODY = Samples.read("payloads/failed.json");
    private static final Listener.Behaviour DOWN = new Listener.Status(500, Duration.ZERO);

    @Test
    void givenTenFailedDeliveries_whenTheirResendsArriveTwiceAndFromAnOverlappingRecovery_thenEachEventIsPostedOnce() {
        String account = account();
        String path = "/resends/" + account;
        String secret = Signatures.newSecret();
        subscribe(account, listener.url(path, DOWN), secret, true);
        List<Delivery> failed = Seed.attempts(dispatcher, account, EventType.FAILED, BODY, 10);
        listener.url(path, Listener.ok());
        List<String> messages = new ArrayList<>();
        failed.forEach(d -> messages.add(request(d, "admin-1").toMessage()));
        List<String> overlapping = new ArrayList<>();
        failed.forEach(d -> overlapping.add(request(d, "admin-2").toMessage()));

        JsonNode first = invoke(ElasticMq.lambdaEventOf(ElasticMq.RESENDS_ARN, messages));
        JsonNode again = invoke(ElasticMq.lambdaEventOf(ElasticMq.RESENDS_ARN, messages));
        JsonNode other = invoke(ElasticMq.lambdaEventOf(ElasticMq.RESENDS_ARN, overlapping));

        for (JsonNode response : List.of(first, again, other)) {
            assertEquals(0, response.path("batchItemFailures").size(), response.toString());
        }
        List<Received> posts = listener.received(path);
        assertEquals(20, posts.size(), "10 automatic attempts and exactly one resend each");
        for (Delivery d : failed) {
            List<Received> ofEvent = posts.stream()
                    .filter(p -> p.header("webhook-id").equals(d.eventId()))
                    .toList();
            assertEquals(2, ofEvent.size(), d.eventId());
            assertTrue(SignatureCheck.verifies(secret, ofEvent.get(1)), "the resend is signed anew");
            assertEquals(Samples.tree(BODY), Samples.tree(ofEvent.get(1).body()));
            Delivery after = Arrange.get(() -> deliveries.findById(d.id())).orElseThrow();
            assertEquals(Delivery.Outcome.DELIVERED, after.latestOutcome());
            Delivery resend =
                    Arrange.get(() -> deliveries.findById(after.latestId())).orElseThrow();
            assertEquals(d.id(), resend.resendOf());
            assertEquals("admin-1", resend.requestedBy(), "the first request's");
            assertEquals(d.eventId(), resend.eventId());
        }
    }

    @Test
    void givenTheSameResendTwiceInOneBatch_whenBothRunAtOnce_thenTheClaimLetsOnlyOneSend() {
        String account = account();
        String path = "/resends/together/" + account;
        subscribe(account, listener.url(path, DOWN), null, true);
        List<Delivery> failed = Seed.attempts(dispatcher, account, EventType.FAILED, BODY, 5);
        listener.url(path, new Listener.Status(200, Duration.ofMillis(300)));
        List<String> messages = new ArrayList<>();
        failed.forEach(d -> {
            messages.add(request(d, "admin-1").toMessage());
            messages.add(request(d, "admin-1").toMessage());
        });

        JsonNode response = invoke(ElasticMq.lambdaEventOf(ElasticMq.RESENDS_ARN, messages));

        // the twin that finds the other's claim in flight fails, to come back after the visibility timeout, and is
        // then skipped: the event's latest attempt is no longer the one it expects
        assertTrue(response.path("batchItemFailures").size() <= 5, response.toString());
        JsonNode again = invoke(ElasticMq.lambdaEventOf(ElasticMq.RESENDS_ARN, messages));
        assertEquals(0, again.path("batchItemFailures").size(), again.toString());
        assertEquals(10, listener.received(path).size(), "5 automatic attempts and one resend each");
    }

    @Test
    void givenARecoveryThatSawAResendInFlight_whenItsMessageComesAfterThatResendDelivered_thenNothingMoreIsSent() {
        String account = account();
        String path = "/resends/inflight/" + account;
        subscribe(account, listener.url(path, DOWN), null, true);
        Delivery failed = Seed.attempt(dispatcher, account, EventType.FAILED, BODY);
        listener.url(path, Listener.ok());
        String first = invokeOne(request(failed, "admin-1"));
        Delivery delivered = Arrange.get(() -> deliveries.findById(failed.id())).orElseThrow();
        assertEquals(Delivery.Outcome.DELIVERED, delivered.latestOutcome(), first);
        // a second recovery read the event while that resend was in flight: it expects that resend as the latest
        ResendRequest late = new ResendRequest(account, EventType.FAILED, failed.id(), delivered.latestId(), "admin-2");

        JsonNode response = invoke(ElasticMq.lambdaEventOf(ElasticMq.RESENDS_ARN, List.of(late.toMessage())));

        assertEquals(0, response.path("batchItemFailures").size(), response.toString());
        assertEquals(2, listener.received(path).size(), "the attempt and the one resend that delivered it");
        // and the claim refuses it too, whoever skips the early check
        assertEquals(
                DeliveryStore.ResendClaim.SUPERSEDED,
                Arrange.get(() -> deliveries.claimResend(
                        delivered,
                        delivered.latestId(),
                        DeliveryStore.newResendId(failed.eventId()),
                        Instant.now(),
                        false)));
    }

    private String invokeOne(ResendRequest request) {
        return invoke(ElasticMq.lambdaEventOf(ElasticMq.RESENDS_ARN, List.of(request.toMessage())))
                .toString();
    }

    @Test
    void givenResendsOfAnEventGoneOrOfAWebhookDisabledSince_whenTheyArrive_thenNothingIsSentAndNothingFails() {
        String account = account();
        String path = "/resends/skipped/" + account;
        subscribe(account, listener.url(path, DOWN), null, true);
        Delivery failed = Seed.attempt(dispatcher, account, EventType.FAILED, BODY);
        ResendRequest unknown = new ResendRequest(
                account, EventType.FAILED, "dlv_" + "0".repeat(32), "dlv_" + "0".repeat(32), "admin-1");
        ResendRequest otherAccount =
                new ResendRequest(account() + "x", EventType.FAILED, failed.id(), failed.id(), "admin-1");
        subscribe(account, listener.url(path, Listener.ok()), null, false);

        JsonNode response = invoke(ElasticMq.lambdaEventOf(
                ElasticMq.RESENDS_ARN,
                List.of(
                        unknown.toMessage(),
                        otherAccount.toMessage(),
                        request(failed, "admin-1").toMessage())));

        assertEquals(0, response.path("batchItemFailures").size(), response.toString());
        assertEquals(1, listener.received(path).size(), "only the automatic attempt");
    }

    @Test
    void givenResendsFromAnotherQueueOrMalformed_whenDelivered_thenEachFailsAloneAndNothingIsSent() {
        String account = account();
        String path = "/resends/wrong/" + account;
        subscribe(account, listener.url(path, DOWN), null, true);
        Delivery failed = Seed.attempt(dispatcher, account, EventType.FAILED, BODY);
        listener.url(path, Listener.ok());
        String message = request(failed, "admin-1").toMessage();

        JsonNode onEvents = invoke(ElasticMq.lambdaEventOf(ElasticMq.EVENTS_ARN, List.of(message)));
        JsonNode onAlerts = invoke(ElasticMq.lambdaEventOf(ElasticMq.ALERTS_ARN, List.of(message)));
        JsonNode malformed = invoke(ElasticMq.lambdaEventOf(
                ElasticMq.RESENDS_ARN, List.of("{\"type\":\"RESEND\",\"v\":1,\"account\":\"" + account + "\"}")));

        for (JsonNode response : List.of(onEvents, onAlerts, malformed)) {
            assertEquals(
                    "m0", response.at("/batchItemFailures/0/itemIdentifier").asText(), response.toString());
        }
        assertEquals(1, listener.received(path).size(), "only the automatic attempt");
    }

    @Test
    void givenARecordOfTheSpecsFailedPayload_whenItsSizeIsTaken_thenItAndItsResendFitOneWriteUnitEach() {
        String account = "TEST";
        String path = "/resends/size/" + UUID.randomUUID().toString().substring(0, 8);
        subscribe(account, listener.url(path, DOWN), null, true);
        Delivery failed = Seed.attempt(dispatcher, account, EventType.FAILED, BODY);
        listener.url(path, Listener.ok());
        int before = size(failed.eventId());
        invoke(ElasticMq.lambdaEventOf(
                ElasticMq.RESENDS_ARN, List.of(request(failed, "admin-1").toMessage())));
        int after = size(failed.eventId());
        Delivery resent = Arrange.get(() -> deliveries.findById(failed.id())).orElseThrow();
        String resendKey = failed.eventId() + "#"
                + resent.latestId().substring(resent.latestId().lastIndexOf('_') + 1);
        int resend = size(resendKey);
        System.out.printf(
                "deliveries item sizes (URL of %d characters, spec failed payload of %d bytes): record %d B, after a"
                        + " resend %d B; the resend's record %d B%n",
                listener.url(path, Listener.ok()).length(), BODY.strip().length(), before, after, resend);
        assertTrue(after < 1024, "one write unit: " + after);
        assertTrue(resend < 1024, "one write unit: " + resend);
        assertTrue(after - before < 120, "a resend adds only its latest's id, time and outcome: " + (after - before));
    }

    private int size(String key) {
        return io.backupwebhooks.testing.ItemSize.of(Arrange.get(() -> dynamo.getItem(b -> b.tableName(
                                io.backupwebhooks.testing.LocalTables.NAMES.get("backup-webhooks.tables.deliveries"))
                        .key(java.util.Map.of(
                                "eventId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(key))))
                .item()));
    }

    private static ResendRequest request(Delivery d, String by) {
        return new ResendRequest(d.account(), d.eventType(), d.id(), d.latestId(), by);
    }

    private void subscribe(String account, String url, String secret, boolean enabled) {
        Instant now = Instant.now();
        Arrange.run(() -> subscriptions.put(
                new Subscription(account, EventType.FAILED, url, enabled, secret, null, null, now, now)));
    }

    private static JsonNode invoke(String lambdaEvent) {
        return Lambda.invokeJson(lambdaEvent);
    }

    private static String account() {
        return "RSD" + UUID.randomUUID().toString().substring(0, 8);
    }
}
