package io.backupwebhooks.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.backupwebhooks.local.LocalFunction;
import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.Dynalite;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.LocalTables;
import io.backupwebhooks.testing.Resolver;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.Template;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code -Dbench=resend}: an account's listener is down while N lifecycle failures (-Dbench.events, default 1,000) go
 * through the packaged delivery function, each one failed attempt; the listener comes back and the admin recovers the
 * period twice in a row (a double click: two admin requests, each queueing every event). The resend queue is polled
 * by 2 pollers (the template's MaximumConcurrency for resends). Prints the admin requests' times, the time until every
 * event arrived once more, DynamoDB and SQS requests per resend, and how often each webhook-id arrived (the
 * recovery's own duplicates: must be none).
 */
final class ResendBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POLLERS = 2;
    private static final Duration WAIT = Duration.ofMinutes(15);
    private static final String ACCOUNT = "BENCH-RESEND";
    private static final String EVENTS = Resolver.QUEUES.get("EventsQueue");
    private static final String RESENDS = Resolver.QUEUES.get("ResendQueue");

    private ResendBench() {}

    static void run() throws Exception {
        int events = Integer.getInteger("bench.events", 1000);
        try (Dynalite dynalite = Dynalite.start();
                DynamoDbClient dynamo = dynalite.client();
                ElasticMq sqs = new ElasticMq();
                Listener listener = new Listener();
                AwsGate gate = new AwsGate(
                        Template.load(), Map.of("dynamodb", dynalite.endpoint(), "sqs", sqs.endpoint()), null)) {
            LocalTables.create(dynamo);
            Map<String, String> queues = sqs.createTemplateQueues();
            String url = listener.url("/bench", new Listener.Status(503, Duration.ZERO));
            try (LocalFunction admin = Bench.startReady("admin", gate, queues, "resend-admin");
                    LocalFunction delivery = Bench.startReady("delivery", gate, queues, "resend-delivery")) {
                call(admin, "PUT", "/webhooks/FAILED", Api.json(Map.of("url", url)));
                Instant since = Instant.now();
                for (int i = 0; i < events; i++) {
                    sqs.send(
                            queues.get(EVENTS),
                            Samples.event("backup-failed")
                                    .put("account", ACCOUNT)
                                    .put("restorePointId", "rp-" + i)
                                    .toString());
                }
                long t = System.nanoTime();
                Bench.pollUntil(
                        sqs,
                        queues.get(EVENTS),
                        EVENTS,
                        delivery,
                        POLLERS,
                        WAIT,
                        () -> listener.received("/bench").size() >= events);
                Bench.title(String.format(
                        "Resend: %,d failed deliveries of one account (its listener down: %,d automatic attempts in"
                                + " %.1f s), then it comes back and the admin recovers the period twice in a row",
                        events, listener.received("/bench").size(), Bench.millisSince(t) / 1000));
                listener.url("/bench", Listener.ok());
                gate.reset();

                long recovery = System.nanoTime();
                List<String> answers = new ArrayList<>();
                double[] adminMs = new double[2];
                for (int r = 0; r < 2; r++) {
                    long a = System.nanoTime();
                    answers.add(call(
                            admin,
                            "POST",
                            "/webhooks/FAILED/deliveries/resend",
                            Api.json(Map.of("since", since.toString()))));
                    adminMs[r] = Bench.millisSince(a);
                }
                int sentByAdmin = listener.received("/bench").size() - events;
                AwsGate.Snapshot adminCalls = gate.reset();
                long p = System.nanoTime();
                Bench.pollUntil(
                        sqs,
                        queues.get(RESENDS),
                        RESENDS,
                        delivery,
                        POLLERS,
                        WAIT,
                        () -> listener.received("/bench").size() >= 2 * events
                                && sqs.drainable(queues.get(RESENDS)) == 0);
                double allArrived = Bench.millisSince(recovery);
                double polling = Bench.millisSince(p);
                AwsGate.Snapshot deliveryCalls = gate.reset();

                Map<String, Long> perId = listener.received("/bench").stream()
                        .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
                long twice = perId.values().stream().filter(n -> n == 2).count();
                long more = perId.values().stream().filter(n -> n > 2).count();
                for (int r = 0; r < 2; r++) {
                    Bench.row(
                            "admin request " + (r + 1) + " (queues, sends nothing)",
                            String.format("%.0f ms: %s", adminMs[r], answers.get(r)));
                }
                Bench.row("POSTs made by the admin function itself", Integer.toString(sentByAdmin));
                Bench.row(
                        "time until all " + events + " resends arrived",
                        String.format(
                                "%.1f s from the first request (%.1f s of polling, %.0f resends/s; %d pollers of 10)",
                                allArrived / 1000, polling / 1000, events / (polling / 1000), POLLERS));
                Bench.row(
                        "webhook-ids seen exactly twice (attempt + resend)",
                        String.format("%d of %d; more than twice: %d", twice, perId.size(), more),
                        "all, none more",
                        twice == events && more == 0);
                adminCalls
                        .requests()
                        .forEach((op, n) -> Bench.row(
                                "  admin " + op + " per queued resend (2 requests)",
                                String.format("%.3f (%d)", n / (double) (2 * events), n)));
                deliveryCalls
                        .requests()
                        .forEach((op, n) -> Bench.row(
                                "  delivery " + op + " per resend made",
                                String.format("%.3f (%d)", n / (double) events, n)));
                Bench.row(
                        "  delivery DynamoDB requests per queued message (2 a resend here)",
                        String.format("%.3f", deliveryCalls.total() / (double) (2 * events)));
                Bench.row(
                        "  SQS per resend, Lambda's side (not counted here)",
                        "ReceiveMessage + DeleteMessageBatch: 0.2 a message in batches of 10");
            }
        }
    }

    private static String call(LocalFunction admin, String method, String path, String body) throws Exception {
        JsonNode reply = JSON.readTree(admin.invoke(
                Api.event(method, path, body, "application/json", ACCOUNT).toString()));
        return reply.path("statusCode").asInt() + " " + reply.path("body").asText();
    }
}
