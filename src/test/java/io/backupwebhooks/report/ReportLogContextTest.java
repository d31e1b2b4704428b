package io.backupwebhooks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.store.ReportSettings;
import io.backupwebhooks.shared.store.ReportSettingsStore;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.LogLines;
import io.backupwebhooks.testing.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The report run's log lines name their invocation, as the scan's and delivery's do: the lines its workers write (one
 * per shard, on the worker pool) carry the request id and the cold-start flag of the invocation that started them, and
 * only the process's first invocation is marked as the cold start.
 */
@QuarkusTest
@TestProfile(FunctionProfile.ReportFresh.class)
class ReportLogContextTest {

    @Inject
    ReportSettingsStore settings;

    @Test
    void givenAnAccountWhoseReportFails_whenTwoRunsCome_thenEveryLineCarriesItsRunsRequestIdAndOnlyTheFirstIsCold() {
        String account = "RLC" + UUID.randomUUID().toString().substring(0, 8);
        // a zone the JDK does not know: the worker that takes this account logs the failure and goes on
        assertTrue(Arrange.get(() -> settings.save(new ReportSettings(
                account,
                true,
                8,
                "Nowhere/Atlantis",
                List.of(new ReportSettings.Recipient("ops@example.org", true, "t".repeat(43), Instant.now())),
                Instant.parse("2026-12-02T14:00:00Z"),
                null,
                "https://api.example.com",
                Instant.now(),
                0))));

        List<JsonNode> first = run(account, "2026-12-02T14:00:00Z");
        List<JsonNode> second = run(account, "2026-12-02T15:00:00Z");

        JsonNode firstWorker = failure(first, account);
        JsonNode secondWorker = failure(second, account);
        String firstId = firstWorker.at("/mdc/AWSRequestId").asText();
        String secondId = secondWorker.at("/mdc/AWSRequestId").asText();
        assertFalse(firstId.isEmpty(), "a worker line names its invocation: " + firstWorker);
        assertFalse(secondId.isEmpty(), "a worker line names its invocation: " + secondWorker);
        assertNotEquals(firstId, secondId);
        assertEquals("true", firstWorker.at("/mdc/coldStart").asText(), "the first invocation is the cold start");
        assertTrue(secondWorker.at("/mdc/coldStart").isMissingNode(), "a later one is not: " + secondWorker);
        for (JsonNode line : first) {
            assertEquals(firstId, line.at("/mdc/AWSRequestId").asText(), "every line of one run: " + line);
        }
    }

    private static JsonNode failure(List<JsonNode> lines, String account) {
        return lines.stream()
                .filter(l -> l.get("message").asText().contains(account))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line names " + account + ": " + lines));
    }

    private static List<JsonNode> run(String account, String time) {
        try (LogLines log = LogLines.capture()) {
            String event = Samples.event("scheduled-scan").put("time", time).toString();
            Lambda.invoke(event);
            return log.parseAll("report").stream()
                    .filter(l -> l.get("logger").asText().startsWith("io.backupwebhooks"))
                    .toList();
        }
    }
}
