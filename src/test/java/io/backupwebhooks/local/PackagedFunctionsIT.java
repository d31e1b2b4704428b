package io.backupwebhooks.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.Dynalite;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.LocalTables;
import io.backupwebhooks.testing.LogLines;
import io.backupwebhooks.testing.Project;
import io.backupwebhooks.testing.Resolver;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.SesLocal;
import io.backupwebhooks.testing.Template;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The packaged artifact, target/function.zip, run as Lambda's java21 runtime runs it (AWS's runtime interface
 * client, the Funqy handler, QUARKUS_FUNQY_EXPORT) — what the local run and a JVM-mode deployment execute — each
 * function in its {@link Sandbox} (memory, timeout, Lambda's environment) and behind its {@link AwsGate} endpoint.
 */
class PackagedFunctionsIT {

    private static Dynalite dynalite;
    private static SesLocal ses;
    private static ElasticMq elasticMq;
    private static Map<String, String> queues;
    private static AwsGate gate;
    private static Listener listener;
    /** Every line each function process printed. */
    private static final Map<String, List<String>> OUTPUT = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        dynalite = Dynalite.start();
        try (DynamoDbClient client = dynalite.client()) {
            LocalTables.create(client);
        }
        ses = SesLocal.start();
        elasticMq = new ElasticMq();
        queues = elasticMq.createTemplateQueues();
        gate = new AwsGate(
                Template.load(),
                Map.of("dynamodb", dynalite.endpoint(), "ses", ses.endpoint(), "sqs", elasticMq.endpoint()),
                AwsGate.USAGE);
        listener = new Listener();
    }

    @AfterAll
    static void stop() {
        listener.close();
        gate.close();
        elasticMq.close();
        dynalite.close();
        ses.close();
    }

    @Test
    void
            givenTheSpecsMissedStart_whenTheScanRunsAndTheAlertsQueueIsPolled_thenTheListenerGetsExactlyTheSpecMissingPayload()
                    throws Exception {
        String url = listener.url("/packaged/missing", Listener.ok());
        try (LocalFunction admin = start("admin")) {
            JsonNode created = Samples.tree(admin.invoke(
                    Api.event("PUT", "/webhooks/MISSING", Api.json(Map.of("url", url)), "application/json", "TEST")
                            .toString()));
            assertEquals(201, created.get("statusCode").asInt(), created.toString());
        }
        // the spec's server policy, created before the scan's day (the admin API would date it now)
        Instant enabled = Instant.parse("2019-01-15T00:00:00Z");
        Instant checked = Instant.parse("2019-01-31T21:05:00Z");
        ServerPolicy policy = new ServerPolicy(
                "TEST",
                "2f62f2a3-d1be-496e-ab0a-e2fa25c4b152",
                "5f3876b7-6fc9-4610-b619-85f6c01e231d",
                "testServerId20181228013921",
                "US EAST",
                true,
                enabled,
                enabled,
                enabled,
                "TestAccountPolicyName20181228013921",
                "0 14 * * *",
                "America/Chicago",
                checked,
                new MissedChecks(Duration.ofMinutes(2), Duration.ofHours(24))
                        .nextCheckAt(Schedule.of("0 14 * * *", "America/Chicago"), checked),
                0);
        try (DynamoDbClient client = dynalite.client()) {
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item =
                    ServerPolicyStore.toItem(policy);
            item.put("version", io.backupwebhooks.shared.store.Items.n(1));
            client.putItem(b -> b.tableName(LocalTables.NAMES.get("backup-webhooks.tables.server-policies"))
                    .item(item));
        }

        try (LocalFunction scan = start("missed-scan")) {
            JsonNode report = Samples.tree(scan.invoke(Samples.read("events/scheduled-scan.json")));
            assertEquals(1, report.get("missed").asInt(), report.toString());
        }
        String alerts = queues.get(Resolver.QUEUES.get("MissingAlertsQueue"));
        try (LocalFunction delivery = start("delivery")) {
            assertEquals(1, LocalRun.poll(elasticMq, alerts, Resolver.QUEUES.get("MissingAlertsQueue"), delivery));
        }

        List<Listener.Received> posts = listener.received("/packaged/missing");
        assertEquals(1, posts.size());
        assertEquals(
                Samples.tree(Samples.read("payloads/missing.json")),
                Samples.tree(posts.get(0).body()));
        assertEquals(0, elasticMq.drain(alerts).size(), "the poller deleted the delivered alert");
    }

    @Test
    void givenTheSamplePolicyFeedOnThePolicyQueue_whenThePackagedDeliveryPollsIt_thenTheAdminApiShowsTheWatchedServers()
            throws Exception {
        String policyQueue = queues.get(Resolver.QUEUES.get("PolicyQueue"));
        List<Path> feed;
        try (var files = Files.list(Project.path("samples", "feed"))) {
            feed = files.sorted().toList();
        }
        for (Path file : feed) {
            elasticMq.send(policyQueue, Files.readString(file));
        }
        try (LocalFunction delivery = start("delivery")) {
            int handed = 0;
            for (int round = 0; round < 10 && handed < feed.size(); round++) {
                handed += LocalRun.poll(elasticMq, policyQueue, Resolver.QUEUES.get("PolicyQueue"), delivery);
            }
            assertEquals(feed.size(), handed);
        }
        assertEquals(0, elasticMq.drain(policyQueue).size(), "every message applied and deleted");
        try (LocalFunction admin = start("admin")) {
            JsonNode list = Samples.tree(Samples.tree(admin.invoke(Api.event("GET", "/policies", null, null, "TEST")
                                    .toString()))
                            .get("body")
                            .asText())
                    .get("policies");
            List<String> feedPolicies = new java.util.ArrayList<>();
            list.forEach(p -> {
                if (p.get("source").asText().equals("feed")) {
                    feedPolicies.add(p.get("accountPolicyId").asText() + " v"
                            + p.get("version").asLong());
                }
            });
            assertEquals(List.of("2f62f2a3-d1be-496e-ab0a-e2fa25c4b152 v7", "hourly-logs v1"), feedPolicies);
            JsonNode servers = Samples.tree(Samples.tree(
                                    admin.invoke(Api.event("GET", "/policies/hourly-logs/servers", null, null, "TEST")
                                            .toString()))
                            .get("body")
                            .asText())
                    .get("servers");
            assertEquals("web-1", servers.get(0).get("server").asText());
            assertTrue(
                    Instant.parse(servers.get(0).get("nextCheckAt").asText()).isAfter(Instant.now()),
                    "watched from now on");
        }
    }

    @Test
    void givenThePackagedZip_whenEachFunctionIsInvokedThroughTheRuntimeApi_thenSubscribeSendAndScanWork()
            throws Exception {
        OUTPUT.clear(); // the lines of this test's processes only
        String url = listener.url("/packaged", Listener.ok());
        try (LocalFunction admin = start("admin")) {
            JsonNode created = Samples.tree(admin.invoke(withBearer(
                    Api.event("PUT", "/webhooks/SUCCESS", Api.json(Map.of("url", url)), "application/json", "TEST"))));
            assertEquals(201, created.get("statusCode").asInt(), created.toString());
            JsonNode secret = Samples.tree(
                    admin.invoke(withBearer(Api.event("POST", "/webhooks/SUCCESS/secret", null, null, "TEST"))));
            assertTrue(secret.get("body").asText().contains("whsec_"), secret.toString());
        }
        try (LocalFunction delivery = start("delivery")) {
            JsonNode response = Samples.tree(delivery.invoke(
                    ElasticMq.lambdaEventOf(List.of(Samples.read("events/backup-success.json"), "not an event"))));
            assertEquals(
                    "m1", response.at("/batchItemFailures/0/itemIdentifier").asText(), response.toString());
            assertEquals(
                    Samples.tree(Samples.read("payloads/success.json")),
                    Samples.tree(listener.received("/packaged").get(0).body()));
        }
        List<JsonNode> attempts = LogLines.of(OUTPUT.get("delivery")).parseAll("delivery", "/packaged").stream()
                .filter(l -> l.has("Attempts"))
                .toList();
        assertEquals(1, attempts.size(), OUTPUT.get("delivery").toString());
        assertEquals("DELIVERED", attempts.get(0).get("Outcome").asText());
        assertEquals("true", attempts.get(0).at("/mdc/coldStart").asText(), "the first invocation is the cold start");
        assertTrue(
                attempts.get(0).at("/mdc/AWSRequestId").asText().length() > 8,
                attempts.get(0).toString());
        assertEquals("TEST", attempts.get(0).at("/mdc/account").asText());
        try (LocalFunction scan = start("missed-scan")) {
            JsonNode report = Samples.tree(scan.invoke(Samples.read("events/scheduled-scan.json")));
            assertTrue(report.get("complete").asBoolean(), report.toString());
            assertEquals("2019-02-01T21:05:00Z", report.get("now").asText());
        }
        try (LocalFunction admin = start("admin")) { // a report due now: its address gets a confirmation email
            JsonNode saved = Samples.tree(admin.invoke(Api.event(
                            "PUT",
                            "/report",
                            Api.json(Map.of("recipients", List.of("ops@example.org"), "hour", 0)),
                            "application/json",
                            "TEST")
                    .toString()));
            assertEquals(200, saved.get("statusCode").asInt(), saved.toString());
            assertEquals(1, ses.emailsTo("ops@example.org").size());
            java.util.regex.Matcher link = java.util.regex.Pattern.compile("confirm\\?token=([A-Za-z0-9_-]{43})")
                    .matcher(ses.emailsTo("ops@example.org")
                            .get(0)
                            .path("body")
                            .path("text")
                            .asText());
            assertTrue(link.find());
            JsonNode confirmed = Samples.tree(
                    admin.invoke(Api.event("POST", "/report/confirm?token=" + link.group(1), "", null, null)
                            .toString()));
            assertEquals(200, confirmed.get("statusCode").asInt(), confirmed.toString());
        }
        try (LocalFunction report = start("report")) { // Qute templates and SES client in the packaged zip
            String tomorrow = java.time.Instant.now()
                    .plus(Duration.ofDays(1))
                    .truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                    .plus(Duration.ofHours(1))
                    .toString();
            JsonNode run = Samples.tree(report.invoke(Samples.tree(Samples.read("events/scheduled-scan.json"))
                    .deepCopy()
                    .toString()
                    .replace("2019-02-01T21:05:00Z", tomorrow)));
            assertEquals(1, run.get("due").asInt(), run.toString());
            assertEquals(0, run.get("failed").asInt(), run.toString());
            assertEquals(1, run.get("emails").asInt(), run.toString());
            assertEquals(2, ses.emailsTo("ops@example.org").size(), "the confirmation, then the report");
        }
        assertTrue(
                LogLines.of(OUTPUT.get("missed-scan")).parseAll("missed-scan").stream()
                        .anyMatch(l -> l.has("ScanLag")),
                OUTPUT.get("missed-scan").toString());
        // every line every process printed: JSON, and no secret, token, or the listener's path
        OUTPUT.forEach((function, lines) -> LogLines.of(lines).parseAll(function, "/packaged"));
    }

    /** An admin request as API Gateway passes it on, with the caller's bearer token, which must never be logged. */
    private static String withBearer(com.fasterxml.jackson.databind.node.ObjectNode event) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("headers"))
                .put("authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhY2NvdW50IjoiVEVTVCJ9.c2lnbmF0dXJl");
        return event.toString();
    }

    @Test
    void givenAnInvocationPastTheFunctionsTimeout_whenItRuns_thenLambdaEndsItAndTheNextEventMeetsAFreshProcess()
            throws Exception {
        String slow = listener.url("/slow", new Listener.Status(200, Duration.ofSeconds(6)));
        try (LocalFunction admin = start("admin")) {
            JsonNode created = Samples.tree(admin.invoke(
                    Api.event("PUT", "/webhooks/FAILED", Api.json(Map.of("url", slow)), "application/json", "TEST")
                            .toString()));
            assertEquals(201, created.get("statusCode").asInt(), created.toString());
        }
        Sandbox sandbox =
                Sandbox.of("delivery", gate.endpoint("DeliveryFunction")).withTimeout(Duration.ofSeconds(3));
        try (LocalFunction delivery =
                LocalFunction.start(sandbox, List.of(), line -> System.out.println("[delivery] " + line))) {
            assertTrue(delivery.awaitReady(Duration.ofSeconds(60)));
            long firstPid = delivery.pid();
            String failed = ElasticMq.lambdaEventOf(List.of(Samples.read("events/backup-failed.json")));

            LocalFunction.TimedOut ended = org.junit.jupiter.api.Assertions.assertThrows(
                    LocalFunction.TimedOut.class, () -> delivery.invoke(failed));

            assertTrue(ended.getMessage().contains("Task timed out after 3 seconds"), ended.getMessage());
            assertTrue(delivery.pid() != firstPid, "the process was replaced");
            // the replaced function answers the next event; the timed-out one was claimed, and is not sent again
            JsonNode next = Samples.tree(
                    delivery.invoke(ElasticMq.lambdaEventOf(List.of(Samples.read("events/backup-started.json")))));
            assertEquals(0, next.path("batchItemFailures").size(), next.toString());
        }
    }

    @Test
    void givenFailuresWhileTheListenerWasDown_whenTheAdminRecoversThePeriod_thenTheResendQueueBringsEachEventOnceMore()
            throws Exception {
        String account = "PACKAGED-RESEND";
        String path = "/packaged/resend";
        String url = listener.url(path, new Listener.Status(503, Duration.ZERO));
        String events = queues.get(Resolver.QUEUES.get("EventsQueue"));
        String resends = queues.get(Resolver.QUEUES.get("ResendQueue"));
        Instant since = Instant.now();
        try (LocalFunction admin = start("admin");
                LocalFunction delivery = start("delivery")) {
            JsonNode created = Samples.tree(admin.invoke(
                    Api.event("PUT", "/webhooks/FAILED", Api.json(Map.of("url", url)), "application/json", account)
                            .toString()));
            assertEquals(201, created.get("statusCode").asInt(), created.toString());
            for (int i = 0; i < 30; i++) {
                elasticMq.send(
                        events,
                        Samples.event("backup-failed")
                                .put("account", account)
                                .put("restorePointId", "rp-" + i)
                                .toString());
            }
            int sent = 0;
            for (int round = 0; round < 20 && sent < 30; round++) {
                sent += LocalRun.poll(elasticMq, events, Resolver.QUEUES.get("EventsQueue"), delivery);
            }
            assertEquals(30, sent);
            assertEquals(30, listener.received(path).size(), "one automatic attempt each, all failed");
            listener.url(path, Listener.ok()); // the listener is back

            JsonNode answer = Samples.tree(admin.invoke(Api.event(
                            "POST",
                            "/webhooks/FAILED/deliveries/resend",
                            Api.json(Map.of("since", since.toString())),
                            "application/json",
                            account)
                    .toString()));

            assertEquals(202, answer.get("statusCode").asInt(), answer.toString());
            JsonNode body = Samples.tree(answer.get("body").asText());
            assertEquals(30, body.get("queued").asInt());
            assertTrue(body.get("next").isNull());
            assertEquals(30, listener.received(path).size(), "the admin function only queued them");
            int resent = 0;
            for (int round = 0; round < 20 && resent < 30; round++) {
                resent += LocalRun.poll(elasticMq, resends, Resolver.QUEUES.get("ResendQueue"), delivery);
            }
            assertEquals(30, resent);
        }
        List<Listener.Received> posts = listener.received(path);
        assertEquals(60, posts.size());
        Map<String, Long> perEvent = posts.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        r -> r.header("webhook-id"), java.util.stream.Collectors.counting()));
        assertEquals(30, perEvent.size());
        assertTrue(perEvent.values().stream().allMatch(n -> n == 2), "each event: its attempt and one resend");
        assertEquals(0, elasticMq.drain(resends).size(), "every resend done and deleted");
    }

    private static LocalFunction start(String function) {
        LocalFunction f = LocalFunction.start(
                Sandbox.of(function, gate.endpoint(AwsGate.functionId(function)), queues), List.of(), line -> {
                    OUTPUT.computeIfAbsent(function, k -> new CopyOnWriteArrayList<>())
                            .add(line);
                    System.out.println("[" + function + "] " + line);
                });
        assertTrue(f.awaitReady(Duration.ofSeconds(60)), function + " started");
        return f;
    }
}
