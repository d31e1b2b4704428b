package io.backupwebhooks.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.Dynalite;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.LocalTables;
import io.backupwebhooks.testing.LogLines;
import io.backupwebhooks.testing.Samples;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The packaged artifact, target/function.zip, run as Lambda's java21 runtime runs it (AWS's runtime interface
 * client, the Funqy handler, QUARKUS_FUNQY_EXPORT) — what the local run and a JVM-mode deployment execute.
 */
class PackagedFunctionsIT {

    private static Dynalite dynalite;
    private static Listener listener;
    /** Every line each function process printed. */
    private static final Map<String, List<String>> OUTPUT = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        dynalite = Dynalite.start();
        try (DynamoDbClient client = dynalite.client()) {
            LocalTables.create(client);
        }
        listener = new Listener();
    }

    @AfterAll
    static void stop() {
        listener.close();
        dynalite.close();
    }

    @Test
    void givenThePackagedZip_whenEachFunctionIsInvokedThroughTheRuntimeApi_thenSubscribeSendAndScanWork() throws Exception {
        String url = listener.url("/packaged", Listener.ok());
        try (LocalFunction admin = start("admin")) {
            JsonNode created = Samples.tree(admin.invoke(withBearer(Api.event("PUT", "/webhooks/SUCCESS",
                    Api.json(Map.of("url", url)), "application/json", "TEST")), Duration.ofSeconds(30)));
            assertEquals(201, created.get("statusCode").asInt(), created.toString());
            JsonNode secret = Samples.tree(admin.invoke(withBearer(Api.event("POST", "/webhooks/SUCCESS/secret", null,
                    null, "TEST")), Duration.ofSeconds(30)));
            assertTrue(secret.get("body").asText().contains("whsec_"), secret.toString());
        }
        try (LocalFunction delivery = start("delivery")) {
            JsonNode response = Samples.tree(delivery.invoke(ElasticMq.lambdaEventOf(List.of(
                    Samples.read("events/backup-success.json"), "not an event")), Duration.ofSeconds(30)));
            assertEquals("m1", response.at("/batchItemFailures/0/itemIdentifier").asText(), response.toString());
            assertEquals(Samples.tree(Samples.read("payloads/success.json")),
                    Samples.tree(listener.received("/packaged").get(0).body()));
        }
        List<JsonNode> attempts = LogLines.of(OUTPUT.get("delivery")).parseAll("delivery", "/packaged").stream()
                .filter(l -> l.has("Attempts")).toList();
        assertEquals(1, attempts.size(), OUTPUT.get("delivery").toString());
        assertEquals("DELIVERED", attempts.get(0).get("Outcome").asText());
        assertEquals("true", attempts.get(0).at("/mdc/coldStart").asText(), "the first invocation is the cold start");
        assertTrue(attempts.get(0).at("/mdc/AWSRequestId").asText().length() > 8, attempts.get(0).toString());
        assertEquals("TEST", attempts.get(0).at("/mdc/account").asText());
        try (LocalFunction scan = start("missed-scan")) {
            JsonNode report = Samples.tree(scan.invoke(Samples.read("events/scheduled-scan.json"), Duration.ofSeconds(60)));
            assertTrue(report.get("complete").asBoolean(), report.toString());
            assertEquals("2019-02-01T21:05:00Z", report.get("now").asText());
        }
        assertTrue(LogLines.of(OUTPUT.get("missed-scan")).parseAll("missed-scan").stream()
                .anyMatch(l -> l.has("ScanLag")), OUTPUT.get("missed-scan").toString());
        // every line every process printed: JSON, and no secret, token, or the listener's path
        OUTPUT.forEach((function, lines) -> LogLines.of(lines).parseAll(function, "/packaged"));
    }

    /** An admin request as API Gateway passes it on, with the caller's bearer token, which must never be logged. */
    private static String withBearer(com.fasterxml.jackson.databind.node.ObjectNode event) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("headers")).put("authorization",
                "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhY2NvdW50IjoiVEVTVCJ9.c2lnbmF0dXJl");
        return event.toString();
    }

    private static LocalFunction start(String function) {
        LocalFunction f = LocalFunction.start(function, LocalFunction.java21Runtime(List.of()),
                LocalRun.environment(dynalite.endpoint()), line -> {
                    OUTPUT.computeIfAbsent(function, k -> new CopyOnWriteArrayList<>()).add(line);
                    System.out.println("[" + function + "] " + line);
                });
        assertTrue(f.awaitReady(Duration.ofSeconds(60)), function + " started");
        return f;
    }
}
