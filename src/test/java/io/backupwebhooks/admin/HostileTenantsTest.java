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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.store.DeliveryStore;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.Api.Reply;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Listener;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Issue #11: one account cannot exhaust, slow or impersonate another, nor leave the service in a bad state. */
@QuarkusTest
@TestProfile(FunctionProfile.Admin.class)
class HostileTenantsTest {

    static Listener listener;

    @Inject
    SubscriptionStore subscriptions;
    @Inject
    DeliveryStore deliveries;
    @Inject
    DynamoDbClient dynamo;
    @ConfigProperty(name = "backup-webhooks.tables.deliveries")
    String deliveriesTable;

    @BeforeAll
    static void startListener() {
        listener = new Listener();
    }

    @AfterAll
    static void stopListener() {
        listener.close();
    }

    @Test
    void givenPortOutOfRange_whenSaved_thenProblemNamingFieldAndRule() {
        Api api = Api.as(account());
        Reply refused = api.put("/webhooks/SUCCESS", Api.json(Map.of("url", "http://example.com:99999/")));
        assertEquals(400, refused.status());
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertTrue(refused.detail().contains("field 'url'") && refused.detail().contains("1 to 65535"), refused.detail());
        assertEquals(404, api.get("/webhooks/SUCCESS").status(), "nothing saved");
    }

    @Test
    void givenStoredUrlWithPortOutOfRange_whenTestSent_thenOneRecordedFailedAttemptAndNoStrayClaim() {
        String account = account();
        String url = "http://127.0.0.1:99999/stray-" + UUID.randomUUID();
        Instant now = Instant.now();
        // as written before the save-time rule existed
        subscriptions.put(new Subscription(account, EventType.SUCCESS, url, true, null, null, null, now, now));

        Reply test = Api.as(account).post("/webhooks/SUCCESS/test");

        assertEquals(200, test.status(), test.rawBody());
        assertFalse(test.json().get("delivered").asBoolean());
        assertEquals("FAILED", test.json().get("outcome").asText());
        Delivery record = deliveries.find(test.json().get("eventId").asText()).orElseThrow();
        assertEquals(Delivery.Outcome.FAILED, record.outcome());
        assertNotNull(record.error());
        List<Map<String, AttributeValue>> claims = dynamo.scan(b -> b.tableName(deliveriesTable)
                .filterExpression("#u = :u").expressionAttributeNames(Map.of("#u", "url"))
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(url)))).items();
        assertEquals(1, claims.size());
        assertEquals("DONE", claims.get(0).get("state").s(), "no SENDING claim is left behind");
    }

    static String account() {
        return "HT" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonNode json(Reply reply) {
        return reply.json();
    }
}
