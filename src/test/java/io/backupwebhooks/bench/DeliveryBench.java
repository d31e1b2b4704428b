package io.backupwebhooks.bench;

import static io.backupwebhooks.bench.Bench.row;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.local.LocalFunction;
import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.Signatures;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.Dynalite;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.Listener.Received;
import io.backupwebhooks.testing.LocalTables;
import io.backupwebhooks.testing.SignatureCheck;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Delivery throughput and cost: the packaged delivery function (one instance, java21 runtime) gets 5,000
 * BACKUP_COMPLETED events for 50 accounts with signed SUCCESS subscriptions on a listener that answers 200 at once,
 * in Lambda SQS events of 10 records, one after another. Measures events/s, batch latency, DynamoDB requests per
 * delivered event (through {@link AwsGate}) and that every event was POSTed exactly once. Then one batch of 10
 * events whose 10 listeners each take 1 s, to show that a batch's records are sent concurrently.
 */
final class DeliveryBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACCOUNTS = 50;
    private static final int EVENTS = Integer.getInteger("bench.events", 5_000);
    private static final int WARM_UP = 200;
    private static final int BATCH = 10;
    private static final Duration SLOW = Duration.ofSeconds(1);

    private DeliveryBench() {}

    static void run() {
        try (Dynalite dynalite = Dynalite.start();
                DynamoDbClient dynamo = dynalite.client();
                AwsGate counter = AwsGate.unrecorded(dynalite.endpoint());
                Listener listener = new Listener()) {
            LocalTables.create(dynamo);
            String secret = Signatures.newSecret();
            for (int a = 0; a < ACCOUNTS; a++) {
                subscribe(dynamo, "ACC" + a, listener.url("/ok", Listener.ok()), secret);
                subscribe(dynamo, "WARM" + a, listener.url("/warm", Listener.ok()), secret);
            }
            for (int a = 0; a < BATCH; a++) {
                subscribe(dynamo, "SLOW" + a, listener.url("/slow/" + a, new Listener.Status(200, SLOW)), secret);
            }

            try (LocalFunction delivery = Bench.startReady("delivery", counter)) {
                send(delivery, "WARM", WARM_UP, new ArrayList<>());
                counter.reset();

                List<Double> latencies = new ArrayList<>();
                long[] pids = {
                    delivery.pid(), Bench.dynalitePid(), ProcessHandle.current().pid()
                };
                double[] cpu = Bench.cpuMillis(pids);
                long started = System.nanoTime();
                send(delivery, "ACC", EVENTS, latencies);
                double seconds = Bench.millisSince(started) / 1000;
                double[] cpuAfter = Bench.cpuMillis(pids);
                AwsGate.Snapshot dynamoCalls = counter.reset();
                report(listener.received("/ok"), secret, seconds, latencies, dynamoCalls);
                row(
                        "CPU ms/event: function / dynalite / this JVM (counter, listener)",
                        String.format(
                                "%.2f / %.2f / %.2f",
                                (cpuAfter[0] - cpu[0]) / EVENTS,
                                (cpuAfter[1] - cpu[1]) / EVENTS,
                                (cpuAfter[2] - cpu[2]) / EVENTS));
                row("machine at the end", Bench.load());

                Bench.title("Delivery: one batch of " + BATCH + " events, each to its own listener that answers after "
                        + SLOW.toMillis() + " ms");
                for (int run = 1; run <= 3; run++) {
                    List<Double> wall = new ArrayList<>();
                    List<String> bodies = new ArrayList<>();
                    for (int a = 0; a < BATCH; a++) {
                        bodies.add(completion("SLOW" + a, "slow-" + run + "-" + a, false));
                    }
                    invoke(delivery, bodies, wall);
                    row(
                            "batch wall time, run " + run,
                            String.format("%.0f ms", wall.get(0)),
                            "< 2000 ms",
                            wall.get(0) < 2000);
                }
            }
        }
    }

    /** Sends {@code count} completions of accounts {@code prefix}0.., in batches of 10, timing each batch. */
    private static void send(LocalFunction delivery, String prefix, int count, List<Double> latencies) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add(completion(prefix + (i % ACCOUNTS), prefix + "-" + i, i % 2 == 0));
            if (bodies.size() == BATCH || i == count - 1) {
                invoke(delivery, bodies, latencies);
                bodies.clear();
            }
        }
    }

    private static void invoke(LocalFunction delivery, List<String> bodies, List<Double> latencies) {
        long started = System.nanoTime();
        String response = delivery.invoke(ElasticMq.lambdaEventOf(bodies));
        latencies.add(Bench.millisSince(started));
        try {
            JsonNode failures = JSON.readTree(response).path("batchItemFailures");
            if (!failures.isEmpty()) {
                throw new IllegalStateException("records failed: " + response + " (see target/bench/delivery.log)");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON: " + response, e);
        }
    }

    private static void report(
            List<Received> posts, String secret, double seconds, List<Double> latencies, AwsGate.Snapshot calls) {
        Bench.title("Delivery: " + EVENTS + " BACKUP_COMPLETED events (" + (EVENTS + 1) / 2 + " with startedDate), "
                + ACCOUNTS + " accounts, batches of " + BATCH + ", one function instance, after " + WARM_UP
                + " warm-up events");
        row("events/s", String.format("%.0f", EVENTS / seconds));
        row("wall time", String.format("%.1f s", seconds));
        row(
                "batch latency p50 / p99",
                String.format("%.0f / %.0f ms", Bench.percentile(latencies, 50), Bench.percentile(latencies, 99)));
        double perEvent = (double) calls.total() / EVENTS;
        row(
                "DynamoDB requests per delivered event",
                String.format("%.2f (%d)", perEvent, calls.total()),
                "<= 3",
                perEvent <= 3);
        calls.requests()
                .forEach((operation, n) -> row("  " + operation, String.format("%.2f (%d)", (double) n / EVENTS, n)));
        row("DynamoDB items read per event", String.format("%.2f", (double) calls.itemsRead() / EVENTS));
        long distinct =
                posts.stream().map(p -> p.header("webhook-id")).distinct().count();
        long signed =
                posts.stream().filter(p -> SignatureCheck.verifies(secret, p)).count();
        row(
                "POSTs received / distinct webhook-ids",
                posts.size() + " / " + distinct,
                EVENTS + " / " + EVENTS,
                posts.size() == EVENTS && distinct == EVENTS);
        row("POSTs with a valid signature", Long.toString(signed), Integer.toString(EVENTS), signed == EVENTS);
    }

    private static String completion(String account, String restorePoint, boolean withStart) {
        Instant finished = Instant.now();
        ObjectNode e = JSON.createObjectNode();
        e.put("type", "BACKUP_COMPLETED");
        e.put("status", "SUCCESS");
        e.put("account", account);
        e.put("server", "server-" + restorePoint);
        e.put("serverPolicyId", "sp-" + restorePoint);
        e.put("accountPolicyName", "Nightly");
        e.put("accountPolicyId", "ap-" + account);
        e.put("restorePointId", "rp-" + restorePoint);
        if (withStart) {
            e.put("startedDate", finished.minusSeconds(300).toString());
        }
        e.put("finishedDate", finished.toString());
        return e.toString();
    }

    private static void subscribe(DynamoDbClient dynamo, String account, String url, String secret) {
        Instant now = Instant.now();
        Subscription subscription =
                new Subscription(account, EventType.SUCCESS, url, true, secret, null, null, now, now);
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item =
                SubscriptionStore.toItem(subscription);
        dynamo.putItem(b -> b.tableName("subscriptions").item(item));
    }
}
