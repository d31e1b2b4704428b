package io.backupwebhooks.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.backupwebhooks.local.LocalFunction;
import io.backupwebhooks.local.LocalRun;
import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.Items;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.store.StoreWrite;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.Dynalite;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.LocalTables;
import io.backupwebhooks.testing.Resolver;
import io.backupwebhooks.testing.Template;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A region-wide outage: N enabled server policies (-Dbench.policies, default 100,000) in 1,000 accounts, all
 * {@code 0 2 * * *}, none started. Scans at 03:02 until nothing is due (scans needed, time, DynamoDB and SQS requests
 * per missed start, counted by the gate), then the local poller of the alerts queue (-Dbench.pollers concurrent
 * batches, default 4) feeds the delivery function until every POST is at the listener.
 */
final class OutageBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POLICIES = Integer.getInteger("bench.policies", 100_000);
    private static final int ACCOUNTS = 1000;
    private static final int POLLERS = Integer.getInteger("bench.pollers", 4);
    private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant CHECKED = DAY.plus(Duration.ofHours(1)); // 01:00: 02:00 is the next start
    private static final Instant SCAN_AT = DAY.plus(Duration.ofHours(3)).plusSeconds(120);
    private static final MissedChecks CHECKS = new MissedChecks(Duration.ofMinutes(2), Duration.ofHours(24));

    private OutageBench() {}

    static void run() throws Exception {
        try (Dynalite dynalite = Dynalite.start();
                DynamoDbClient dynamo = dynalite.client();
                ElasticMq sqs = new ElasticMq();
                Listener listener = new Listener()) {
            LocalTables.create(dynamo);
            Map<String, String> queues = sqs.createTemplateQueues();
            String url = listener.url("/missing", Listener.ok());
            Instant now = Instant.now();
            List<StoreWrite> subs = new ArrayList<>();
            for (int a = 0; a < ACCOUNTS; a++) {
                subs.add(StoreWrite.put(
                        "subscriptions",
                        SubscriptionStore.toItem(new Subscription(
                                "ACC" + a, EventType.MISSING, url, true, null, null, null, now, now))));
                if (subs.size() == 25) {
                    Items.batchWrite(dynamo, subs);
                    subs.clear();
                }
            }
            long loadStart = System.nanoTime();
            List<StoreWrite> chunk = new ArrayList<>();
            for (int i = 0; i < POLICIES; i++) {
                chunk.add(StoreWrite.put("server-policies", item(i)));
                if (chunk.size() == 25) {
                    Items.batchWrite(dynamo, chunk);
                    chunk = new ArrayList<>();
                }
            }
            Items.batchWrite(dynamo, chunk);
            Bench.title(String.format(
                    "Outage: %,d server policies in %,d accounts, all '0 2 * * *', no starts "
                            + "(loaded in %.1f s); scans at %s",
                    POLICIES, ACCOUNTS, Bench.millisSince(loadStart) / 1000, SCAN_AT));

            try (AwsGate gate = new AwsGate(
                    Template.load(), Map.of("dynamodb", dynalite.endpoint(), "sqs", sqs.endpoint()), null)) {
                int scans = 0;
                int missed = 0;
                double scanMs = 0;
                try (LocalFunction scan = Bench.startReady("missed-scan", gate, queues, "outage-missed-scan")) {
                    gate.reset();
                    while (true) {
                        String event = JSON.createObjectNode()
                                .put("version", "0")
                                .put("id", "bench")
                                .put("detail-type", "Scheduled Event")
                                .put("source", "aws.events")
                                .put("time", SCAN_AT.toString())
                                .toString();
                        long t = System.nanoTime();
                        JsonNode report = JSON.readTree(scan.invoke(event));
                        double ms = Bench.millisSince(t);
                        if (report.path("due").asInt() == 0) {
                            break;
                        }
                        scans++;
                        scanMs += ms;
                        missed += report.path("missed").asInt();
                        System.out.printf("  scan %d: %s (%.0f ms)%n", scans, report, ms);
                    }
                }
                AwsGate.Snapshot calls = gate.reset();
                int enqueued = missed;
                Bench.row("scans needed to enqueue every alert", scans + " (" + missed + " alerts enqueued)");
                Bench.row("time to enqueue", String.format("%.1f s", scanMs / 1000));
                calls.requests()
                        .forEach((op, n) -> Bench.row(
                                "  " + op + " per missed start",
                                String.format("%.3f (%d)", n / (double) Math.max(1, enqueued), n)));
                Bench.row(
                        "requests per missed start (all)",
                        String.format("%.3f", calls.total() / (double) Math.max(1, missed)));

                String alerts = queues.get(Resolver.QUEUES.get("MissingAlertsQueue"));
                try (LocalFunction delivery = Bench.startReady("delivery", gate, queues, "outage-delivery")) {
                    long t = System.nanoTime();
                    AtomicBoolean done = new AtomicBoolean();
                    ExecutorService pollers = Executors.newFixedThreadPool(POLLERS);
                    List<Future<?>> running = new ArrayList<>();
                    for (int p = 0; p < POLLERS; p++) {
                        running.add(pollers.submit(() -> {
                            while (!done.get()) {
                                LocalRun.poll(sqs, alerts, Resolver.QUEUES.get("MissingAlertsQueue"), delivery);
                            }
                        }));
                    }
                    while (listener.received("/missing").size() < missed
                            && Bench.millisSince(t) < Duration.ofMinutes(30).toMillis()) {
                        Thread.sleep(200);
                    }
                    double ms = Bench.millisSince(t);
                    done.set(true);
                    for (Future<?> f : running) {
                        f.get();
                    }
                    pollers.shutdown();
                    AwsGate.Snapshot deliveryCalls = gate.reset();
                    long posts = listener.received("/missing").size();
                    long distinct = listener.received("/missing").stream()
                            .map(r -> r.header("webhook-id"))
                            .distinct()
                            .count();
                    Bench.row(
                            "time until every POST was at the listener",
                            String.format(
                                    "%.1f s (%d POSTs, %d distinct"
                                            + " ids, %d pollers of 10 = delivery concurrency; one Lambda process here)",
                                    ms / 1000, posts, distinct, POLLERS));
                    deliveryCalls
                            .requests()
                            .forEach((op, n) -> Bench.row(
                                    "  delivery " + op + " per alert",
                                    String.format("%.3f (%d)", n / (double) Math.max(1, posts), n)));
                }
            }
        }
    }

    private static Map<String, AttributeValue> item(int i) {
        Instant enabled = DAY.minus(Duration.ofDays(10));
        ServerPolicy policy = new ServerPolicy(
                "ACC" + i % ACCOUNTS,
                "ap",
                "sp-" + i,
                "server-" + i,
                "US EAST",
                true,
                enabled,
                enabled,
                enabled,
                "Nightly",
                "0 2 * * *",
                "UTC",
                CHECKED,
                CHECKS.nextCheckAt(Schedule.of("0 2 * * *", "UTC"), CHECKED),
                0);
        Map<String, AttributeValue> item = ServerPolicyStore.toItem(policy);
        item.put("version", Items.n(1));
        return item;
    }
}
