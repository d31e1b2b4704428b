package io.backupwebhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.store.Delivery.Outcome;
import io.backupwebhooks.shared.store.DeliveryStore;
import io.backupwebhooks.shared.store.StartStore;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.Signatures;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Emulated;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.Listener.Received;
import io.backupwebhooks.testing.ListenerExtension;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.SignatureCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.services.sqs.model.Message;

/** The delivery function, invoked through the Lambda Runtime API (mock event server) against dynalite and ElasticMQ. */
@QuarkusTest
@TestProfile(FunctionProfile.Delivery.class)
class DeliveryFunctionTest {

    @RegisterExtension
    static final ListenerExtension listener = new ListenerExtension();
    /** The test resource's ElasticMQ (with the template's queues). */
    @Emulated
    ElasticMq elasticMq;

    @Inject
    SubscriptionStore subscriptions;

    @Inject
    DeliveryStore deliveries;

    @Inject
    StartStore starts;

    @ParameterizedTest
    @ValueSource(strings = {"success", "partial-success", "failed"})
    void givenSpecCompletionEvent_whenInvoked_thenListenerGetsExactlyTheSpecPayloadSigned(String name) {
        ObjectNode event = Samples.event("backup-" + name);
        EventType type = EventType.valueOf(event.get("status").asText());
        String secret = Signatures.newSecret();
        String url = listener.url("/spec/" + name, Listener.ok());
        subscribe("TEST", type, url, secret);
        Instant before = Instant.now();

        JsonNode response = invoke(ElasticMq.lambdaEventOf(List.of(event.toString())));
        Instant after = Instant.now();

        assertEquals(0, response.path("batchItemFailures").size(), response.toString());
        List<Received> received = listener.received("/spec/" + name);
        assertEquals(1, received.size());
        Received post = received.get(0);
        JsonNode expected = Samples.tree(Samples.read("payloads/" + name + ".json"));
        JsonNode actual = Samples.tree(post.body());
        assertEquals(expected, actual);
        assertEquals(Samples.fieldNames(expected), Samples.fieldNames(actual), "field order");
        assertEquals("POST", post.method());
        assertEquals("application/json", post.header("content-type"));
        assertTrue(post.header("user-agent").startsWith("BackupWebhooks/"), post.header("user-agent"));
        assertTrue(post.header("webhook-id").matches("evt_[0-9a-f]{32}"), post.header("webhook-id"));
        long timestamp = Long.parseLong(post.header("webhook-timestamp"));
        assertTrue(
                timestamp >= before.getEpochSecond() && timestamp <= after.getEpochSecond(),
                "timestamp " + timestamp + " not within the invocation " + before + " .. " + after);
        assertTrue(SignatureCheck.verifies(secret, post), post.header("webhook-signature"));
        assertEquals(1, post.header("webhook-signature").split(" ").length);

        Delivery delivery =
                Arrange.get(() -> deliveries.find(post.header("webhook-id"))).orElseThrow();
        assertEquals(Outcome.DELIVERED, delivery.outcome());
        assertEquals(200, delivery.statusCode());
        assertEquals(url, delivery.url());
    }

    @Test
    void givenSecretRotation_whenDelivered_thenBothSignaturesVerify() {
        String account = account();
        String current = Signatures.newSecret();
        String previous = Signatures.newSecret();
        Instant now = Instant.now();
        Arrange.run(() -> subscriptions.put(new Subscription(
                account,
                EventType.SUCCESS,
                listener.url("/rotated", Listener.ok()),
                true,
                current,
                previous,
                now.plus(Duration.ofHours(24)),
                now,
                now)));

        invoke(ElasticMq.lambdaEventOf(List.of(success(account).toString())));

        Received post = listener.received("/rotated").get(0);
        String[] signatures = post.header("webhook-signature").split(" ");
        assertEquals(2, signatures.length);
        for (String secret : List.of(current, previous)) {
            assertTrue(SignatureCheck.verifies(secret, post));
        }
    }

    @Test
    void givenOneMessageDeliveredThreeTimesByTheQueue_whenEachIsInvoked_thenExactlyOnePost() {
        String account = account();
        subscribe(account, EventType.FAILED, listener.url("/redelivered", Listener.ok()), null);
        String queue = elasticMq.createQueue("redelivery-" + account);
        elasticMq.send(queue, failed(account).toString());

        Set<String> messageIds = new HashSet<>();
        for (int delivery = 1; delivery <= 3; delivery++) {
            List<Message> batch = elasticMq.receive(queue, 1, Duration.ZERO);
            assertEquals(1, batch.size());
            assertEquals(
                    Integer.toString(delivery),
                    batch.get(0).attributesAsStrings().get("ApproximateReceiveCount"));
            messageIds.add(batch.get(0).messageId());
            JsonNode response = invoke(ElasticMq.lambdaEvent(ElasticMq.EVENTS_ARN, batch));
            assertEquals(0, response.path("batchItemFailures").size());
        }

        assertEquals(1, messageIds.size(), "the same message each time");
        assertEquals(1, listener.received("/redelivered").size());
    }

    @Test
    void givenBatchWithThreeBadRecordsAmongSevenGood_whenInvoked_thenOnlyTheBadOnesFailAndTheGoodAreDelivered() {
        String account = account();
        subscribe(account, EventType.SUCCESS, listener.url("/batch", Listener.ok()), null);
        String queue = elasticMq.createQueue("batch-" + account);
        List<String> bad = List.of(
                "this is not JSON",
                success(account).put("type", "BACKUP_EXPLODED").toString(),
                success(account).put("finishedDate", "yesterday").toString());
        for (int i = 0; i < 10; i++) {
            elasticMq.send(
                    queue,
                    i % 3 == 1 && i / 3 < 3 ? bad.get(i / 3) : success(account).toString());
        }
        List<Message> batch = elasticMq.receive(queue, 10, Duration.ofSeconds(30));
        assertEquals(10, batch.size());

        JsonNode response = invoke(ElasticMq.lambdaEvent(ElasticMq.EVENTS_ARN, batch));

        Set<String> failed = new HashSet<>();
        response.path("batchItemFailures")
                .forEach(f -> failed.add(f.get("itemIdentifier").asText()));
        Set<String> badIds = new HashSet<>();
        batch.stream().filter(m -> bad.contains(m.body())).forEach(m -> badIds.add(m.messageId()));
        assertEquals(3, badIds.size());
        assertEquals(badIds, failed);
        List<Received> posts = listener.received("/batch");
        assertEquals(7, posts.size());
        assertEquals(7, new HashSet<>(Listener.bodies(posts)).size(), "seven distinct events");
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(
                        "/fault/500", new Listener.Status(500, Duration.ZERO), Outcome.FAILED, 500, "answered 500"),
                Arguments.of("/fault/hang", new Listener.Hang(), Outcome.FAILED, null, "no response within 2000 ms"),
                Arguments.of("/fault/reset", new Listener.Reset(), Outcome.FAILED, null, "closed"),
                Arguments.of(
                        "/fault/redirect",
                        new Listener.Redirect("http://169.254.169.254/latest/meta-data/"),
                        Outcome.FAILED,
                        302,
                        "redirects are not followed"),
                Arguments.of("/fault/huge", new Listener.HugeBody(10L * 1024 * 1024), Outcome.DELIVERED, 200, null));
    }

    @ParameterizedTest
    @MethodSource("faults")
    void givenMisbehavingListener_whenDelivered_thenOneAttemptIsRecordedWithinTheTimeout(
            String path, Listener.Behaviour behaviour, Outcome outcome, Integer status, String error) {
        String account = account();
        subscribe(account, EventType.SUCCESS, listener.url(path, behaviour), null);
        ObjectNode event = success(account);
        long started = System.nanoTime();

        JsonNode response = invoke(ElasticMq.lambdaEventOf(List.of(event.toString())));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(0, response.path("batchItemFailures").size(), "an attempt made is a record done");
        assertEquals(1, listener.received(path).size());
        Delivery delivery = Arrange.get(() -> deliveries.find(eventIdOf(event))).orElseThrow();
        assertEquals(outcome, delivery.outcome());
        assertEquals(status, delivery.statusCode());
        if (error == null) {
            assertNull(delivery.error());
        } else {
            assertTrue(delivery.error().contains(error), delivery.error());
        }
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);

        invoke(ElasticMq.lambdaEventOf(List.of(event.toString())));
        assertEquals(1, listener.received(path).size(), "a redelivery sends nothing more");
    }

    @Test
    void givenListenersThatAnswer200AndStallTheBody_when200Sent_thenEachEndsInTimeAndNoSocketStaysOpen()
            throws Exception {
        String warm = account();
        subscribe(warm, EventType.SUCCESS, listener.url("/stall/warm-up", Listener.ok()), null);
        invoke(ElasticMq.lambdaEventOf(List.of(success(warm).toString())));
        long before = openFileDescriptors();

        List<String> eventIds = new java.util.ArrayList<>();
        for (int batch = 0; batch < 20; batch++) {
            List<String> events = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String account = account();
                subscribe(account, EventType.SUCCESS, listener.url("/stall/" + account, new Listener.Stall()), null);
                ObjectNode event = success(account);
                events.add(event.toString());
                eventIds.add(eventIdOf(event));
            }
            long started = System.nanoTime();
            JsonNode response = invoke(ElasticMq.lambdaEventOf(events));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(0, response.path("batchItemFailures").size());
            // ten stalled bodies at once, each cut at the 2 s deadline: far from the minutes an unbounded read takes
            assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "a batch of stalled bodies took " + took);
        }

        for (String id : eventIds) {
            Delivery delivery = Arrange.get(() -> deliveries.find(id)).orElseThrow();
            assertEquals(Outcome.DELIVERED, delivery.outcome());
            assertTrue(delivery.durationMs() < 2000, delivery.durationMs() + " ms");
        }
        // the listener's ends close once a write fails (it writes every 500 ms): give them a moment. The count is
        // the whole test JVM's (the emulators' clients and pools live here too), so it may move by a few dozen;
        // a socket kept per stalled send would add 200
        long after = openFileDescriptors();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                after > before + 50 && System.nanoTime() < deadline;
                after = openFileDescriptors()) {
            Thread.sleep(250);
        }
        assertTrue(after <= before + 50, "open file descriptors went from " + before + " to " + after);
    }

    private static long openFileDescriptors() throws java.io.IOException {
        try (Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void givenSubscriptionToTheUnspecifiedAddress_whenDelivered_thenBlockedAndNoConnectionIsMade() {
        String account = account();
        int connectionsBefore = listener.connections();
        subscribe(account, EventType.SUCCESS, "http://0.0.0.0:" + listener.port() + "/blocked", null);
        ObjectNode event = success(account);

        JsonNode response = invoke(ElasticMq.lambdaEventOf(List.of(event.toString())));

        assertEquals(0, response.path("batchItemFailures").size());
        Delivery delivery = Arrange.get(() -> deliveries.find(eventIdOf(event))).orElseThrow();
        assertEquals(Outcome.BLOCKED, delivery.outcome());
        assertNull(delivery.statusCode());
        assertTrue(delivery.error().contains("0.0.0.0"), delivery.error());
        assertEquals(connectionsBefore, listener.connections());
    }

    @Test
    void givenNoOrDisabledSubscription_whenCompletionArrives_thenNothingIsSentAndTheRecordSucceeds() {
        String account = account();
        Arrange.run(() -> subscriptions.put(new Subscription(
                account,
                EventType.FAILED,
                listener.url("/disabled", Listener.ok()),
                false,
                null,
                null,
                null,
                Instant.now(),
                Instant.now())));

        JsonNode response = invoke(ElasticMq.lambdaEventOf(
                List.of(failed(account).toString(), success(account).toString())));

        assertEquals(0, response.path("batchItemFailures").size());
        assertEquals(0, listener.received("/disabled").size());
    }

    @Test
    void givenStartedAndCompletedEvents_whenInvoked_thenEveryStartIsRecordedForTheMissedScan() {
        String policy = UUID.randomUUID().toString();
        String account = account();
        ObjectNode started = Samples.event("backup-started")
                .put("account", account)
                .put("serverPolicyId", policy)
                .put("startedDate", "2026-03-01T10:00:00.123+01:00");
        ObjectNode completed = failed(account).put("serverPolicyId", policy).put("startedDate", "2026-03-01T12:00:00Z");

        invoke(ElasticMq.lambdaEventOf(List.of(started.toString(), completed.toString())));

        assertEquals(
                List.of(Instant.parse("2026-03-01T09:00:00.123Z"), Instant.parse("2026-03-01T12:00:00Z")),
                Arrange.get(() -> starts.startsBetween(
                        account,
                        policy,
                        Instant.parse("2026-03-01T00:00:00Z"),
                        Instant.parse("2026-03-02T00:00:00Z"))));
    }

    @Test
    void givenClaimWrittenButItsAnswerLost_whenTheSdkRetriesIt_thenTheSameOwnerStillHoldsIt() {
        Delivery attempt = new Delivery(
                "dlv_x",
                "evt_" + "0".repeat(24) + UUID.randomUUID().toString().substring(0, 8),
                account(),
                EventType.SUCCESS,
                "http://93.184.216.34/",
                Instant.now(),
                null,
                null,
                0,
                null);

        assertEquals(DeliveryStore.ClaimState.CLAIMED, Arrange.get(() -> deliveries.claim(attempt, "owner-1")));
        assertEquals(
                DeliveryStore.ClaimState.CLAIMED,
                Arrange.get(() -> deliveries.claim(attempt, "owner-1")),
                "a retried put");
        assertEquals(
                DeliveryStore.ClaimState.IN_FLIGHT,
                Arrange.get(() -> deliveries.claim(attempt, "owner-2")),
                "someone else");
    }

    @Test
    void givenBatchesOfTenRecordsThatAllFailAtOnce_whenInvoked_thenEveryFailureIsReportedEveryTime() {
        // Funqy gathers failed ids in an unsynchronized list from the threads the records end on: without the
        // function's serial emission, records failing at the same instant lost ids now and then, and SQS deleted them.
        // Ten POLICY_SYNC markers whose policies never came: each reads DynamoDB, then fails to come back later.
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add("{\"type\":\"POLICY_SYNC\",\"account\":\"NOSYNC" + i
                    + "\",\"syncId\":\"s\",\"accountPolicies\":1,\"serverPolicies\":1}");
        }
        for (int round = 0; round < 40; round++) {
            JsonNode response = invoke(ElasticMq.lambdaEventOf(ElasticMq.POLICIES_ARN, waiting));
            assertEquals(10, response.path("batchItemFailures").size(), "round " + round + ": " + response);
        }
    }

    private static JsonNode invoke(String lambdaEvent) {
        return Lambda.invokeJson(lambdaEvent);
    }

    private void subscribe(String account, EventType type, String url, String secret) {
        Instant now = Instant.now();
        Arrange.run(() -> subscriptions.put(new Subscription(account, type, url, true, secret, null, null, now, now)));
    }

    private static String account() {
        return "ACC" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The spec's success event for another account and a fresh restore point: a new event each time. */
    private static ObjectNode success(String account) {
        return Samples.event("backup-success")
                .put("account", account)
                .put("restorePointId", UUID.randomUUID().toString());
    }

    private static ObjectNode failed(String account) {
        return Samples.event("backup-failed")
                .put("account", account)
                .put("restorePointId", UUID.randomUUID().toString());
    }

    private static String eventIdOf(ObjectNode event) {
        try {
            return DeliveryService.webhookOf(LifecycleEventParser.parse(event.toString()))
                    .eventId();
        } catch (BadEventException e) {
            throw new AssertionError(e);
        }
    }
}
