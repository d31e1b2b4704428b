package io.backupwebhooks.missed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Emulated;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A scan out of time stops cleanly: it reports itself incomplete and leaves the unreported starts due. */
@QuarkusTest
@TestProfile(FunctionProfile.MissedScanOutOfTime.class)
class MissedScanBudgetTest {

    /** The test resource's ElasticMQ. */
    @Emulated
    ElasticMq elasticMq;

    @Inject
    ServiceConfig config;

    @Inject
    ServerPolicyStore servers;

    @Inject
    MissedChecks checks;

    @Test
    void givenNoTimeBudget_whenAScanFindsMissedStarts_thenItStopsAndLeavesThemDueForTheNextScan() {
        {
            Instant now = Instant.parse("2026-10-01T12:05:00Z");
            Instant start = now.minus(Duration.ofDays(1));
            Instant checked = now.minus(Duration.ofHours(3));
            assertTrue(Arrange.get(() -> servers.put(new ServerPolicy(
                    "BUDGET",
                    "hourly",
                    "sp",
                    "srv",
                    "EU",
                    true,
                    start,
                    start,
                    start,
                    "Hourly",
                    "0 * * * *",
                    "UTC",
                    checked,
                    checks.nextCheckAt(Schedule.of("0 * * * *", "UTC"), checked),
                    0))));

            JsonNode report = Lambda.invokeJson(
                    Samples.event("scheduled-scan").put("time", now.toString()).toString());

            assertFalse(report.get("complete").asBoolean(), report.toString());
            assertEquals(
                    0,
                    elasticMq
                            .drain(config.queues().missingAlertsUrl().orElseThrow())
                            .size());
            ServerPolicy after =
                    Arrange.get(() -> servers.find("BUDGET", "hourly", "sp")).orElseThrow();
            assertFalse(after.nextCheckAt().isAfter(now), "still due: the next scan goes on from the index");
        }
    }
}
