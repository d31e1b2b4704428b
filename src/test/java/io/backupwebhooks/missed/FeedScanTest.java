package io.backupwebhooks.missed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.delivery.PolicyFeed;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.webhook.MissingAlert;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Emulated;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.SettableNow;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The spec's policies as the feed applies them (the feed itself is tested through the delivery function's Runtime API
 * in PolicyFeedTest; here it only arranges), then the scan through its own Runtime API: the interval schedule's
 * missed start becomes exactly {@code payloads/missing-interval.json}.
 */
@QuarkusTest
@TestProfile(FunctionProfile.MissedScanAtSetTime.class)
class FeedScanTest {

    @Emulated
    ElasticMq elasticMq;

    @Inject
    PolicyFeed feed;

    @Inject
    ServiceConfig config;

    @AfterEach
    void realTime() {
        SettableNow.set(null);
    }

    @Test
    void givenTheSpecPoliciesFedBeforeAStart_whenAScanRunsPastIt_thenTheAlertIsExactlyTheSpecIntervalPayload()
            throws Exception {
        // applied between the interval's starts of 08:00:04.289 and 20:00:04.289 on 2019-02-01
        SettableNow.set(Instant.parse("2019-02-01T12:00:00Z"));
        Arrange.run(() -> {
            try {
                // in this order, no write runs on a worker thread (outside the arrangement's exemption from the gate)
                feed.handle(Samples.read("events/account-policy.json"));
                feed.handle(Samples.read("events/server-policy.json"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        scan(Samples.event("scheduled-scan").put("time", "2019-02-01T21:05:00Z").toString());

        List<MissingAlert> alerts = elasticMq
                .drain(config.queues().missingAlertsUrl().orElseThrow())
                .stream()
                .map(Message::body)
                .map(MissingAlert::fromMessage)
                .filter(a -> a.serverPolicyId().equals("5f3876b7-6fc9-4610-b619-85f6c01e231d"))
                .toList();
        assertEquals(1, alerts.size(), "one missed start: the one at 08:00 was before the policy was applied");
        JsonNode expected = Samples.tree(Samples.read("payloads/missing-interval.json"));
        JsonNode body = Samples.tree(alerts.get(0).webhook().body());
        assertEquals(expected, body);
        assertEquals(Samples.fieldNames(expected), Samples.fieldNames(body));
    }

    private static JsonNode scan(String event) {
        return Lambda.invokeJson(event);
    }
}
