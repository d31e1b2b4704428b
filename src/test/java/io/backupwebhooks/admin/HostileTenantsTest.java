package io.backupwebhooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.store.DeliveryStore;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.Api.Reply;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.ListenerExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Issue #11: one account cannot exhaust, slow or impersonate another, nor leave the service in a bad state. */
@QuarkusTest
@TestProfile(FunctionProfile.Admin.class)
class HostileTenantsTest {

    @RegisterExtension
    static final ListenerExtension listener = new ListenerExtension();

    @Inject
    SubscriptionStore subscriptions;

    @Inject
    DeliveryStore deliveries;

    @Inject
    DynamoDbClient dynamo;

    @ConfigProperty(name = "backup-webhooks.tables.deliveries")
    String deliveriesTable;

    @Test
    void givenPortOutOfRange_whenSaved_thenProblemNamingFieldAndRule() {
        Api api = Api.as(account());
        Reply refused = api.put("/webhooks/SUCCESS", Api.json(Map.of("url", "http://example.com:99999/")));
        assertEquals(400, refused.status());
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertTrue(
                refused.detail().contains("field 'url'") && refused.detail().contains("1 to 65535"), refused.detail());
        assertEquals(404, api.get("/webhooks/SUCCESS").status(), "nothing saved");
    }

    @Test
    void givenStoredUrlWithPortOutOfRange_whenTestSent_thenOneRecordedFailedAttemptAndNoStrayClaim() {
        String account = account();
        String url = "http://127.0.0.1:99999/stray-" + UUID.randomUUID();
        Instant now = Instant.now();
        // as written before the save-time rule existed
        Arrange.run(() ->
                subscriptions.put(new Subscription(account, EventType.SUCCESS, url, true, null, null, null, now, now)));

        Reply test = Api.as(account).post("/webhooks/SUCCESS/test");

        assertEquals(200, test.status(), test.rawBody());
        assertFalse(test.json().get("delivered").asBoolean());
        assertEquals("FAILED", test.json().get("outcome").asText());
        Delivery record = Arrange.get(
                        () -> deliveries.find(test.json().get("eventId").asText()))
                .orElseThrow();
        assertEquals(Delivery.Outcome.FAILED, record.outcome());
        assertNotNull(record.error());
        List<Map<String, AttributeValue>> claims = Arrange.get(() -> dynamo.scan(b -> b.tableName(deliveriesTable)
                        .filterExpression("#u = :u")
                        .expressionAttributeNames(Map.of("#u", "url"))
                        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(url)))))
                .items();
        assertEquals(1, claims.size());
        assertEquals("DONE", claims.get(0).get("state").s(), "no SENDING claim is left behind");
    }

    @Test
    void givenSecretCreated_whenAnswered_thenNotStoredByCachesAndNotSniffed() {
        Api api = Api.as(account());
        api.put("/webhooks/FAILED", Api.json(Map.of("url", listener.url("/cache", Listener.ok()))));

        Reply secret = api.post("/webhooks/FAILED/secret");

        assertEquals(200, secret.status());
        assertEquals("no-store", secret.header("Cache-Control"));
        assertEquals("nosniff", secret.header("X-Content-Type-Options"));
    }

    @Test
    void givenAnyApiAnswer_whenReturned_thenItCarriesNosniff() {
        Api api = Api.as(account());
        for (Reply reply : List.of(
                api.get("/webhooks"),
                api.get("/webhooks/SUCCESS"),
                api.get("/nowhere"),
                api.delete("/openapi.json"),
                Api.anonymous().get("/webhooks"),
                api.get("/openapi.json"),
                api.put("/webhooks/SUCCESS", "{"))) {
            assertEquals("nosniff", reply.header("X-Content-Type-Options"), reply.status() + " " + reply.rawBody());
        }
    }

    @Test
    void givenRotationWithPreviousRevoked_whenTestSent_thenOnlyTheNewSecretSigns() {
        Api api = Api.as(account());
        api.put("/webhooks/FAILED", Api.json(Map.of("url", listener.url("/revoke", Listener.ok()))));
        String first = api.post("/webhooks/FAILED/secret").json().get("secret").asText();

        assertEquals(400, api.post("/webhooks/FAILED/secret?previous=later").status());
        Reply revoked = api.post("/webhooks/FAILED/secret?previous=revoke");
        assertEquals(200, revoked.status());
        String second = revoked.json().get("secret").asText();
        api.post("/webhooks/FAILED/test");

        Listener.Received post = listener.received("/revoke").get(0);
        assertEquals(1, post.header("webhook-signature").split(" ").length, post.header("webhook-signature"));
        assertTrue(io.backupwebhooks.testing.SignatureCheck.verifies(second, post));
        assertFalse(io.backupwebhooks.testing.SignatureCheck.verifies(first, post));
    }

    @Test
    void givenSignedSubscription_whenUrlMovesToAnotherHost_thenTheAnswerWarnsThatTheOldSecretStillSigns() {
        Api api = Api.as(account());
        String url = listener.url("/move", Listener.ok());
        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", url)));
        Reply unsigned = api.put("/webhooks/SUCCESS", Api.json(Map.of("url", url.replace("127.0.0.1", "localhost"))));
        assertTrue(unsigned.json().path("warnings").isMissingNode(), unsigned.rawBody());
        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", url)));
        api.post("/webhooks/SUCCESS/secret");

        Reply samePlace = api.put("/webhooks/SUCCESS", Api.json(Map.of("url", url + "/other-path")));
        Reply moved = api.put("/webhooks/SUCCESS", Api.json(Map.of("url", url.replace("127.0.0.1", "localhost"))));

        assertTrue(samePlace.json().path("warnings").isMissingNode(), samePlace.rawBody());
        assertEquals(200, moved.status());
        assertEquals(1, moved.json().get("warnings").size(), moved.rawBody());
        assertTrue(moved.json().get("warnings").get(0).asText().contains("secret"), moved.rawBody());
    }

    @Test
    void givenBodyWithDuplicateKeys_whenSaved_thenRefusedNamingTheField() {
        Api api = Api.as(account());
        String a = listener.url("/dup-a", Listener.ok());
        String b = listener.url("/dup-b", Listener.ok());

        Reply refused = api.put("/webhooks/SUCCESS", "{\"url\":\"" + a + "\",\"url\":\"" + b + "\"}");

        assertEquals(400, refused.status());
        assertTrue(refused.detail().contains("field 'url'"), refused.detail());
        assertEquals(404, api.get("/webhooks/SUCCESS").status());
        Reply policy = api.put("/policies/p1", "{\"name\":\"a\",\"schedule\":\"0 2 * * *\",\"name\":\"b\"}");
        assertEquals(400, policy.status());
        assertTrue(policy.detail().contains("field 'name'"), policy.detail());
    }

    @Test
    void givenTenTestSendsInAMinute_whenTheEleventhComes_then429WithRetryAfterAndOtherAccountsAreUnaffected()
            throws InterruptedException {
        int second = java.time.LocalTime.now(java.time.ZoneOffset.UTC).getSecond();
        if (second > 45) { // all eleven in one clock minute
            Thread.sleep((61 - second) * 1000L);
        }
        Api api = Api.as(account());
        Api other = Api.as(account());
        String url = listener.url("/limited", Listener.ok());
        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", url)));
        other.put("/webhooks/SUCCESS", Api.json(Map.of("url", url)));
        int before = listener.received("/limited").size();

        for (int i = 0; i < 10; i++) {
            assertEquals(200, api.post("/webhooks/SUCCESS/test").status(), "send " + (i + 1));
        }
        Reply limited = api.post("/webhooks/SUCCESS/test");

        assertEquals(429, limited.status(), limited.rawBody());
        assertEquals("application/problem+json", limited.header("Content-Type"));
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertTrue(limited.detail().contains("10 test sends a minute"), limited.detail());
        assertEquals(before + 10, listener.received("/limited").size(), "the refused send made no POST");
        assertEquals(200, other.post("/webhooks/SUCCESS/test").status(), "another account has its own limit");
        assertTrue(
                api.get("/webhooks/SUCCESS/deliveries?limit=100")
                                .json()
                                .get("deliveries")
                                .size()
                        == 10,
                "the counter is not listed as a delivery");
    }

    static String account() {
        return "HT" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonNode json(Reply reply) {
        return reply.json();
    }
}
