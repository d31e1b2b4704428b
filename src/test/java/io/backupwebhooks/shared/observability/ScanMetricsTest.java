package io.backupwebhooks.shared.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.LogLines;
import io.backupwebhooks.testing.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The scan's one line: an EMF document with due, checked, missed, failed and the lag it leaves behind. */
@QuarkusTest
@TestProfile(FunctionProfile.MissedScanOutOfTime.class)
class ScanMetricsTest {

    @Inject
    ServerPolicyStore servers;

    @Inject
    MissedChecks checks;

    @Test
    void givenAScanOutOfTime_whenItEnds_thenItsLineReportsTheLagOfThePolicyItLeftDue() {
        Instant now = Instant.parse("2026-10-02T12:05:00Z");
        Instant start = now.minus(Duration.ofDays(1));
        Instant checked = now.minus(Duration.ofHours(3));
        Instant nextCheckAt = checks.nextCheckAt(Schedule.of("0 * * * *", "UTC"), checked);
        assertTrue(Arrange.get(() -> servers.put(new ServerPolicy(
                "LAG",
                "hourly",
                "sp-lag",
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
                nextCheckAt,
                0))));

        List<JsonNode> lines;
        try (LogLines log = LogLines.capture(Emf.LOGGER)) {
            JsonNode report = Lambda.invokeJson(
                    Samples.event("scheduled-scan").put("time", now.toString()).toString());
            assertFalse(report.get("complete").asBoolean(), report.toString());
            lines = log.parseAll("missed-scan");
        }

        List<JsonNode> scans =
                lines.stream().filter(l -> l.has(Metric.SCAN_LAG.key)).toList();
        assertEquals(1, scans.size(), lines.toString());
        JsonNode scan = scans.get(0);
        assertEquals("missed-scan", scan.get("Function").asText());
        assertEquals(0, scan.get("ScanDue").asInt());
        assertEquals(0, scan.get("ScanChecked").asInt());
        assertEquals(0, scan.get("ScanMissed").asInt());
        assertEquals(0, scan.get("ScanFailed").asInt());
        long lag = scan.get("ScanLag").asLong();
        // at least our policy's lag; other tests' policies in the same tables may be older still
        assertTrue(
                lag >= Duration.between(nextCheckAt, now).toSeconds(), "lag " + lag + " s, next check " + nextCheckAt);
        assertEquals(
                "[[\"Function\"]]",
                scan.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertFalse(scan.at("/mdc/AWSRequestId").asText().isEmpty(), scan.toString());
    }
}
