package io.backupwebhooks.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.Dynalite;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.LocalTables;
import io.backupwebhooks.testing.Samples;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The packaged artifact, target/function.zip, run as Lambda's java21 runtime runs it (AWS's runtime interface
 * client, the Funqy handler, QUARKUS_FUNQY_EXPORT) — what the local run and a JVM-mode deployment execute.
 */
class PackagedFunctionsIT {

    private static Dynalite dynalite;
    private static Listener listener;

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
            JsonNode created = Samples.tree(admin.invoke(Api.event("PUT", "/webhooks/SUCCESS",
                    Api.json(Map.of("url", url)), "application/json", "TEST").toString(), Duration.ofSeconds(30)));
            assertEquals(201, created.get("statusCode").asInt(), created.toString());
        }
        try (LocalFunction delivery = start("delivery")) {
            JsonNode response = Samples.tree(delivery.invoke(ElasticMq.lambdaEventOf(List.of(
                    Samples.read("events/backup-success.json"), "not an event")), Duration.ofSeconds(30)));
            assertEquals("m1", response.at("/batchItemFailures/0/itemIdentifier").asText(), response.toString());
            assertEquals(Samples.tree(Samples.read("payloads/success.json")),
                    Samples.tree(listener.received("/packaged").get(0).body()));
        }
        try (LocalFunction scan = start("missed-scan")) {
            JsonNode report = Samples.tree(scan.invoke(Samples.read("events/scheduled-scan.json"), Duration.ofSeconds(60)));
            assertTrue(report.get("complete").asBoolean(), report.toString());
            assertEquals("2019-02-01T21:05:00Z", report.get("now").asText());
        }
    }

    private static LocalFunction start(String function) {
        LocalFunction f = LocalFunction.start(function, LocalFunction.java21Runtime(List.of()),
                LocalRun.environment(dynalite.endpoint()), line -> System.out.println("[" + function + "] " + line));
        assertTrue(f.awaitReady(Duration.ofSeconds(60)), function + " started");
        return f;
    }
}
