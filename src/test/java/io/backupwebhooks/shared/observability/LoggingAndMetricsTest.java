package io.backupwebhooks.shared.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.Signatures;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.LogLines;
import io.backupwebhooks.testing.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The delivery function's log output through the Lambda Runtime API, as its console handlers format it: every line
 * JSON with the common members, the attempt line an EMF document with the numbers this test caused, nothing secret.
 */
@QuarkusTest
@TestProfile(FunctionProfile.Delivery.class)
class LoggingAndMetricsTest {

    private static final String PATH = "/obs/tok_pathsecret42";
    private static final String QUERY = "?sig=querysecret42";

    private static Listener listener;

    @Inject
    SubscriptionStore subscriptions;

    @BeforeAll
    static void startListener() {
        listener = new Listener();
    }

    @AfterAll
    static void stopListener() {
        listener.close();
    }

    @Test
    void givenA500ListenerAndAMalformedRecord_whenInvoked_thenJsonLinesWithOneFailedAttemptAndOneRejectedRecord() {
        String account = "ACC" + UUID.randomUUID().toString().substring(0, 8);
        String url = listener.url(PATH + QUERY, new Listener.Status(500, Duration.ZERO));
        Instant now = Instant.now();
        Arrange.run(() -> subscriptions.put(
                new Subscription(account, EventType.SUCCESS, url, true, Signatures.newSecret(), null, null, now, now)));
        ObjectNode event = Samples.event("backup-success")
                .put("account", account)
                .put("restorePointId", UUID.randomUUID().toString());

        List<JsonNode> lines;
        try (LogLines log = LogLines.capture(Emf.LOGGER)) {
            String response = Lambda.invoke(ElasticMq.lambdaEventOf(List.of(event.toString(), "{not json")));
            assertTrue(response.contains("\"m1\""), response);
            lines = log.parseAll("delivery", PATH, "tok_pathsecret42", "querysecret42", url);
        }

        assertEquals(1, listener.received(PATH + QUERY).size());
        List<JsonNode> attempts =
                lines.stream().filter(l -> l.has(Metric.ATTEMPTS.key)).toList();
        assertEquals(1, attempts.size(), attempts.toString());
        JsonNode attempt = attempts.get(0);
        assertEquals("INFO", attempt.get("level").asText());
        assertEquals(1, attempt.get("Attempts").asInt());
        assertEquals("FAILED", attempt.get("Outcome").asText());
        assertEquals("SUCCESS", attempt.get("EventType").asText());
        assertEquals("delivery", attempt.get("Function").asText());
        assertEquals(500, attempt.get("statusCode").asInt());
        assertTrue(attempt.get("PostDuration").asLong() >= 0, attempt.toString());
        assertEquals(account, attempt.at("/mdc/account").asText());
        assertEquals("SUCCESS", attempt.at("/mdc/eventType").asText());
        assertTrue(attempt.at("/mdc/eventId").asText().matches("evt_[0-9a-f]{32}"), attempt.toString());
        assertFalse(attempt.at("/mdc/AWSRequestId").asText().isEmpty(), "request id: " + attempt);
        assertTrue(attempt.get("message").asText().contains("127.0.0.1"), "the host is logged");
        JsonNode directive = attempt.at("/_aws/CloudWatchMetrics/0");
        assertFalse(directive.get("Dimensions").toString().contains("account"), "never the account as a dimension");
        assertFalse(attempt.has("account"), "the account is no top-level member (it would be a dimension's place)");

        List<JsonNode> rejected =
                lines.stream().filter(l -> l.has(Metric.MALFORMED_RECORDS.key)).toList();
        assertEquals(1, rejected.size(), lines.toString());
        assertEquals("WARN", rejected.get(0).get("level").asText());
        assertEquals(1, rejected.get(0).get("MalformedRecords").asInt());
        assertEquals(attempt.at("/mdc/AWSRequestId"), rejected.get(0).at("/mdc/AWSRequestId"), "one invocation");

        long perAttemptInfo = lines.stream()
                .filter(l -> l.get("level").asText().equals("INFO"))
                .count();
        assertEquals(1, perAttemptInfo, "one INFO line per attempt, nothing else at INFO: " + lines);
    }
}
