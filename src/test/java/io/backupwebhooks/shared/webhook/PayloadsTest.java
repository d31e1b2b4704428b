package io.backupwebhooks.shared.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.testing.Samples;

class PayloadsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2019-02-01T01:39:40.512Z, 2019-02-01 01:39:40 UTC",
        "2019-01-31T19:05:00-06:00, 2019-02-01 01:05:00 UTC",
        "2019-02-01T21:23:57.999999999+05:30, 2019-02-01 15:53:57 UTC",
        "2020-12-31T23:59:59.9-00:00, 2020-12-31 23:59:59 UTC"
    })
    void givenFinishedDateInAnyOffsetAndFraction_whenFormatted_thenUtcSecondsWithFractionDropped(
            String in, String out) {
        JsonNode json = Samples.tree(Payloads.completion(new Payloads.Completion(
                EventType.SUCCESS,
                "A",
                "S",
                "P",
                "N",
                "AP",
                "R",
                OffsetDateTime.parse(in).toInstant())));

        assertEquals(out, json.get("finishedDate").asText());
        assertTrue(json.get("text").asText().endsWith("Finished Date/Time: " + out));
    }

    @Test
    void givenSpecMissedStart_whenFormatted_thenExactlyTheSpecPayloadInOrder() {
        JsonNode json = Samples.tree(Payloads.missing(new Payloads.Missing(
                "TEST",
                "testServerId20181228013921",
                "5f3876b7-6fc9-4610-b619-85f6c01e231d",
                "TestAccountPolicyName20181228013921",
                "2f62f2a3-d1be-496e-ab0a-e2fa25c4b152",
                "US EAST",
                Instant.parse("2019-02-01T20:00:00Z"))));

        JsonNode expected = Samples.tree(Samples.read("payloads/missing.json"));
        assertEquals(expected, json);
        assertEquals(Samples.fieldNames(expected), Samples.fieldNames(json));
    }

    @Test
    void givenValuesWithQuotesAndUnicode_whenFormatted_thenValidJsonWithTheValuesIntact() {
        String server = "srv \"one\" \\ ünï <b>";
        JsonNode json = Samples.tree(Payloads.completion(new Payloads.Completion(
                EventType.FAILED, "A", server, "P", "N", "AP", "R", Instant.parse("2019-02-01T00:00:00Z"))));

        assertEquals(server, json.get("server").asText());
    }
}
