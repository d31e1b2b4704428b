package io.backupwebhooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.store.DeliveryStore;
import io.backupwebhooks.shared.webhook.ResendRequest;
import io.backupwebhooks.shared.webhook.WebhookDispatcher;
import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.Api.Reply;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Emulated;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.Listener.Received;
import io.backupwebhooks.testing.ListenerExtension;
import io.backupwebhooks.testing.Resolver;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.Seed;
import io.backupwebhooks.testing.SignatureCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Resends (spec 6) through the admin function's Runtime API: one delivery at once, with the event's webhook-id and a
 * new signature, recorded and linked; a period queued for the delivery function (nothing sent by the admin function);
 * and every refusal a problem document naming the rule. The deliveries resent are made by the service's own
 * dispatcher while the listener was down ({@link Seed}).
 */
@QuarkusTest
@TestProfile(FunctionProfile.Admin.class)
class ResendApiTest {

    @RegisterExtension
    static final ListenerExtension listener = new ListenerExtension();

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    DeliveryStore deliveries;

    /** The test profile's claim lease (FunctionProfile). */
    private static final Duration LEASE = Duration.ofSeconds(5);

    @Emulated
    ElasticMq sqs;

    private static final String BODY = Samples.read("payloads/success.json");
    private static final Listener.Behaviour DOWN = new Listener.Status(503, Duration.ZERO);

    @Test
    void givenADeliveryThatFailed_whenResent_thenSameWebhookIdNewValidSignatureAndBothAttemptsInTheLogLinked() {
        String account = account();
        Api api = Api.as(account);
        String path = "/resend/one/" + account;
        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", listener.url(path, DOWN))));
        String secret =
                api.post("/webhooks/SUCCESS/secret").json().get("secret").asText();
        Delivery failed = Seed.attempt(dispatcher, account, EventType.SUCCESS, BODY);
        assertEquals(Delivery.Outcome.FAILED, failed.outcome());
        listener.url(path, Listener.ok()); // the listener is back

        Reply reply = api.post("/webhooks/SUCCESS/deliveries/" + failed.id() + "/resend");

        assertEquals(200, reply.status(), reply.rawBody());
        JsonNode attempt = reply.json();
        assertTrue(attempt.get("delivered").asBoolean());
        assertEquals(200, attempt.get("statusCode").asInt());
        assertEquals(failed.eventId(), attempt.get("eventId").asText());
        assertEquals(failed.id(), attempt.get("resendOf").asText());
        assertEquals("admin-1", attempt.get("requestedBy").asText(), "the token's sub");
        assertNotEquals(failed.id(), attempt.get("id").asText());
        List<Received> posts = listener.received(path);
        assertEquals(2, posts.size(), "the automatic attempt and the resend");
        Received original = posts.get(0);
        Received resend = posts.get(1);
        assertEquals(failed.eventId(), resend.header("webhook-id"));
        assertEquals(original.header("webhook-id"), resend.header("webhook-id"), "listeners deduplicate by id");
        assertEquals(Samples.tree(BODY), Samples.tree(resend.body()), "the same payload");
        assertEquals(
                Instant.parse(attempt.get("attemptedAt").asText()).getEpochSecond(),
                Long.parseLong(resend.header("webhook-timestamp")),
                "the resend's own timestamp");
        assertTrue(SignatureCheck.verifies(secret, resend), "signed anew, with the subscription's secret");
        assertTrue(SignatureCheck.verifies(secret, original));

        JsonNode log = api.get("/webhooks/SUCCESS/deliveries").json().get("deliveries");
        assertEquals(2, log.size());
        JsonNode newest = log.get(0);
        assertEquals(attempt.get("id").asText(), newest.get("id").asText());
        assertEquals("DELIVERED", newest.get("outcome").asText());
        assertEquals(failed.id(), newest.get("resendOf").asText());
        assertEquals("admin-1", newest.get("requestedBy").asText());
        assertEquals(failed.eventId(), newest.get("eventId").asText());
        JsonNode first = log.get(1);
        assertEquals(failed.id(), first.get("id").asText());
        assertEquals("FAILED", first.get("outcome").asText(), "the first attempt's own outcome stays");
        assertTrue(first.get("resendable").asBoolean());
        assertEquals(
                attempt.get("id").asText(),
                first.path("latestResend").path("id").asText());
        assertEquals("DELIVERED", first.path("latestResend").path("outcome").asText());
    }

    @Test
    void givenAnEventThatWasDelivered_whenResentWithoutForce_then409NamingForceAndWithForceOneMorePost() {
        String account = account();
        Api api = Api.as(account);
        String path = "/resend/force/" + account;
        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", listener.url(path, DOWN))));
        Delivery failed = Seed.attempt(dispatcher, account, EventType.SUCCESS, BODY);
        listener.url(path, Listener.ok());
        String resendId = api.post("/webhooks/SUCCESS/deliveries/" + failed.id() + "/resend")
                .json()
                .get("id")
                .asText();

        for (String id : List.of(failed.id(), resendId)) {
            Reply refused = api.post("/webhooks/SUCCESS/deliveries/" + id + "/resend");
            assertEquals(409, refused.status(), refused.rawBody());
            assertEquals("application/problem+json", refused.header("Content-Type"));
            assertTrue(refused.detail().startsWith("force:"), refused.detail());
            assertTrue(refused.detail().contains("?force=true"), refused.detail());
        }
        assertEquals(2, listener.received(path).size(), "nothing sent by a refusal");
        assertEquals(
                400,
                api.post("/webhooks/SUCCESS/deliveries/" + failed.id() + "/resend?force=yes")
                        .status());

        Reply forced = api.post("/webhooks/SUCCESS/deliveries/" + resendId + "/resend?force=true");

        assertEquals(200, forced.status(), forced.rawBody());
        assertEquals(failed.id(), forced.json().get("resendOf").asText(), "a resend's id resends its event");
        assertEquals(3, listener.received(path).size());
        assertEquals(
                Set.of(failed.eventId()),
                listener.received(path).stream()
                        .map(r -> r.header("webhook-id"))
                        .collect(Collectors.toSet()));
    }

    @Test
    void givenAResendWhoseWorkerDiedAfterItsClaim_whenResentAgain_then409WhileItsLeaseRunsThenOneNewAttempt()
            throws InterruptedException {
        String account = account();
        Api api = Api.as(account);
        String path = "/resend/abandoned/" + account;
        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", listener.url(path, DOWN))));
        Delivery failed = Seed.attempt(dispatcher, account, EventType.SUCCESS, BODY);
        listener.url(path, Listener.ok());
        // a resend claimed and never recorded: its worker (an admin call, a delivery batch) ended at that moment
        io.backupwebhooks.testing.Arrange.run(() -> deliveries.claimResend(
                failed, failed.id(), DeliveryStore.newResendId(failed.eventId()), Instant.now(), false));

        Reply during = api.post("/webhooks/SUCCESS/deliveries/" + failed.id() + "/resend");
        assertEquals(409, during.status(), during.rawBody());
        assertTrue(during.detail().contains("has no outcome yet"), during.detail());
        Thread.sleep(LEASE.toMillis() + 200);
        Reply after = api.post("/webhooks/SUCCESS/deliveries/" + failed.id() + "/resend");

        assertEquals(200, after.status(), after.rawBody());
        assertEquals(2, listener.received(path).size(), "the attempt and one resend: the dead one sent nothing");
    }

    @Test
    void givenDeliveriesThatCannotBeResent_whenAsked_thenEachRefusalNamesItsRuleAndNothingIsSent() {
        String account = account();
        Api api = Api.as(account);
        String path = "/resend/refused/" + account;
        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", listener.url(path, DOWN))));
        Delivery failed = Seed.attempt(dispatcher, account, EventType.SUCCESS, BODY);
        String testId = api.get("/webhooks/SUCCESS/deliveries")
                .json()
                .path("deliveries")
                .get(0)
                .get("id")
                .asText();
        api.post("/webhooks/SUCCESS/test");
        String testSend = api.get("/webhooks/SUCCESS/deliveries")
                .json()
                .path("deliveries")
                .get(0)
                .get("id")
                .asText();
        assertEquals(failed.id(), testId);
        int before = listener.received(path).size();

        Reply unknown = api.post("/webhooks/SUCCESS/deliveries/dlv_" + "0".repeat(32) + "/resend");
        assertEquals(404, unknown.status());
        assertTrue(unknown.detail().contains("kept 30 days"), unknown.detail());
        assertEquals(
                404, api.post("/webhooks/SUCCESS/deliveries/not-an-id/resend").status());
        assertEquals(
                404,
                api.post("/webhooks/FAILED/deliveries/" + failed.id() + "/resend")
                        .status(),
                "another type's delivery");
        assertEquals(
                404,
                Api.as(account())
                        .post("/webhooks/SUCCESS/deliveries/" + failed.id() + "/resend")
                        .status(),
                "another account's delivery is not there for it");
        Reply test = api.post("/webhooks/SUCCESS/deliveries/" + testSend + "/resend");
        assertEquals(409, test.status(), test.rawBody());
        assertTrue(test.detail().startsWith("a test send is not resent"), test.detail());

        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", listener.url(path, Listener.ok()), "enabled", false)));
        Reply disabled = api.post("/webhooks/SUCCESS/deliveries/" + failed.id() + "/resend");
        assertEquals(409, disabled.status());
        assertTrue(disabled.detail().contains("disabled"), disabled.detail());
        Reply disabledRecovery =
                api.post("/webhooks/SUCCESS/deliveries/resend", Api.json(Map.of("since", "2026-01-01T00:00:00Z")));
        assertEquals(409, disabledRecovery.status());
        api.delete("/webhooks/SUCCESS");
        Reply gone = api.post("/webhooks/SUCCESS/deliveries/" + failed.id() + "/resend");
        assertEquals(404, gone.status());
        assertTrue(gone.detail().contains("no subscription"), gone.detail());
        assertEquals(before, listener.received(path).size(), "no refusal sends anything");
    }

    @Test
    void givenBadRecoveryRequests_whenSent_thenEach400NamesTheField() {
        Api api = Api.as(account());
        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", listener.url("/resend/bad", Listener.ok()))));
        Map<String, String> cases = Map.of(
                "{}", "field 'since' is required",
                "{\"since\":\"yesterday\"}", "field 'since' must be an ISO-8601 instant",
                "{\"since\":\"2026-01-02T00:00:00Z\",\"until\":\"2026-01-01T00:00:00Z\"}",
                        "field 'until' must be after",
                "{\"since\":\"2026-01-01T00:00:00Z\",\"cursor\":\"bm9wZQ\"}", "field 'cursor'",
                "{\"since\":\"2026-01-01T00:00:00Z\",\"limit\":5}", "unknown field 'limit'");
        cases.forEach((body, detail) -> {
            Reply reply = api.call("POST", "/webhooks/SUCCESS/deliveries/resend", body, "application/json");
            assertEquals(400, reply.status(), body + " " + reply.rawBody());
            assertTrue(reply.detail().startsWith(detail), body + ": " + reply.detail());
        });
    }

    @Test
    void givenAnOutageOf1003FailedDeliveries_whenAPeriodIsRecovered_thenAllAreQueuedNoneSentByTheAdminFunction() {
        String account = account();
        Api api = Api.as(account);
        String path = "/resend/period/" + account;
        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", listener.url(path, Listener.ok()))));
        Delivery before = Seed.attempt(dispatcher, account, EventType.SUCCESS, BODY); // failed, but before the window
        listener.url(path, DOWN);
        pause();
        Instant since = Instant.now();
        List<Delivery> failed = Seed.attempts(dispatcher, account, EventType.SUCCESS, BODY, 1003);
        listener.url(path, Listener.ok());
        List<Delivery> delivered = Seed.attempts(dispatcher, account, EventType.SUCCESS, BODY, 5);
        api.post("/webhooks/SUCCESS/test"); // delivered; and a test send is never resent
        listener.url(path, DOWN);
        api.post("/webhooks/SUCCESS/test"); // failed, still not resent
        Delivery other = Seed.attempt(dispatcher, account, EventType.SUCCESS, BODY);
        pause();
        Instant until = Instant.now();
        Delivery after = Seed.attempt(dispatcher, account, EventType.SUCCESS, BODY); // failed, after the window
        listener.url(path, Listener.ok());
        int posts = listener.received(path).size();
        String window = Api.json(Map.of("since", since.toString(), "until", until.toString()));

        Reply first = api.call("POST", "/webhooks/SUCCESS/deliveries/resend", window, "application/json");

        assertEquals(202, first.status(), first.rawBody());
        assertEquals(1000, first.json().get("queued").asInt(), "at most 1,000 a request");
        assertEquals(
                "/webhooks/SUCCESS/deliveries", first.json().get("progress").asText());
        String cursor = first.json().get("next").asText();
        Reply rest = api.call(
                "POST",
                "/webhooks/SUCCESS/deliveries/resend",
                Api.json(Map.of("since", since.toString(), "until", until.toString(), "cursor", cursor)),
                "application/json");
        assertEquals(202, rest.status(), rest.rawBody());
        assertEquals(until.toString(), rest.json().get("until").asText(), "the window's end, to go on with it");
        Reply otherWindow = api.call(
                "POST",
                "/webhooks/SUCCESS/deliveries/resend",
                Api.json(Map.of("since", until.toString(), "cursor", cursor)),
                "application/json");
        assertEquals(400, otherWindow.status(), otherWindow.rawBody());
        assertTrue(otherWindow.detail().startsWith("field 'cursor'"), otherWindow.detail());
        assertEquals(4, rest.json().get("queued").asInt(), "the other 3 failed ones and the late one");
        assertTrue(rest.json().get("next").isNull(), "the window is done");
        assertEquals(posts, listener.received(path).size(), "the admin function sent nothing itself");

        List<Message> queued = sqs.drain(queueUrl());
        assertEquals(1004, queued.size());
        Set<String> expected = new HashSet<>();
        failed.forEach(d -> expected.add(d.id()));
        expected.add(other.id());
        Set<String> ids = new HashSet<>();
        for (Message m : queued) {
            ResendRequest r = ResendRequest.fromMessage(m.body());
            assertEquals(account, r.account());
            assertEquals(EventType.SUCCESS, r.eventType());
            assertEquals(r.deliveryId(), r.expect(), "none was resent before");
            assertEquals("admin-1", r.requestedBy());
            ids.add(r.deliveryId());
        }
        assertEquals(
                expected, ids, "each failed event once; not the delivered, the test sends, nor outside the window");
        delivered.forEach(d -> assertFalse(ids.contains(d.id())));
        assertFalse(ids.contains(before.id()) || ids.contains(after.id()));
    }

    private String queueUrl() {
        return sqs.client()
                .getQueueUrl(b -> b.queueName(Resolver.QUEUES.get("ResendQueue")))
                .queueUrl();
    }

    /** Attempts are timed to the millisecond: a window's edge falls between two. */
    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String account() {
        return "RSND" + UUID.randomUUID().toString().substring(0, 8);
    }
}
