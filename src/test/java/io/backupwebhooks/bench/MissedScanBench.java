package io.backupwebhooks.bench;

import static io.backupwebhooks.bench.Bench.row;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.backupwebhooks.local.LocalFunction;
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
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.Listener.Received;
import io.backupwebhooks.testing.LocalTables;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The missed-backup scan's cost against table size: 100,000 enabled server policies with daily UTC schedules spread
 * evenly over the 1,440 minutes of the day, all checked through T0 and none with a recorded start, so every due one
 * is missed and POSTed to its account's MISSING listener. A scan whose time makes the first ~1% of the day's starts
 * due is measured through {@link AwsGate} (items read, requests, wall time, POSTs) against a plain full-table
 * Scan of the same table; then scans with ~1k, 2k and 4k due policies (consecutive windows of the day) give a
 * least-squares line of scan time against due policies.
 */
final class MissedScanBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "server-policies";
    private static final int POLICIES = Integer.getInteger("bench.policies", 100_000);
    private static final int ACCOUNTS = 100;
    private static final int MINUTES_PER_DAY = 1440;
    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    /** The service's defaults (ServiceConfig.Scan): grace 2 min, look-back 24 h. */
    private static final MissedChecks CHECKS = new MissedChecks(Duration.ofMinutes(2), Duration.ofHours(24));
    /** A scan at T0 + this + x minutes finds due the policies whose start is at most x minutes after T0. */
    private static final Duration JUDGED_AFTER = MissedChecks.AFTER.plusMinutes(2);

    /** What one scan did, as the function reported it and as the counter and the listener saw it. */
    private record Run(
            int due,
            int missed,
            boolean complete,
            double ms,
            AwsGate.Snapshot calls,
            int posts,
            long distinctPosts,
            double[] cpuMs) {
        /** CPU ms per due policy of the function, dynalite and this JVM (counter, listener). */
        String cpuPerPolicy() {
            return String.format("%.1f / %.1f / %.1f", cpuMs[0] / due, cpuMs[1] / due, cpuMs[2] / due);
        }
    }

    private MissedScanBench() {}

    static void run() throws Exception {
        try (Dynalite dynalite = Dynalite.start();
                DynamoDbClient dynamo = dynalite.client();
                AwsGate counter = AwsGate.unrecorded(dynalite.endpoint());
                Listener listener = new Listener();
                DynamoDbClient counted = Bench.client(counter.endpoint(AwsGate.UNCHECKED))) {
            LocalTables.create(dynamo);
            String url = listener.url("/missing", Listener.ok());
            Instant now = Instant.now();
            for (int a = 0; a < ACCOUNTS; a++) {
                Subscription s = new Subscription("ACC" + a, EventType.MISSING, url, true, null, null, null, now, now);
                Map<String, AttributeValue> item = SubscriptionStore.toItem(s);
                dynamo.putItem(b -> b.tableName("subscriptions").item(item));
            }
            double loadSeconds = load(dynamo);
            Bench.title("Missed scan: " + POLICIES + " server policies loaded into dynalite in "
                    + String.format(
                            "%.1f s (%.0f items/s, BatchWriteItem, 4 threads)", loadSeconds, POLICIES / loadSeconds));

            try (LocalFunction scan = Bench.startReady("missed-scan", counter)) {
                double minutes = 2; // warm-up: the first 2 minutes of the day after T0
                Run warmUp = scan(scan, counter, listener, minutes);
                row("warm-up scan (not counted)", warmUp.due() + " due, " + String.format("%.0f ms", warmUp.ms()));

                minutes += MINUTES_PER_DAY / 100.0;
                Instant at = scanTime(minutes);
                counter.reset();
                long started = System.nanoTime();
                long[] baseline = fullScan(counted, at);
                double baselineMs = Bench.millisSince(started);
                AwsGate.Snapshot baselineCalls = counter.reset();
                Run onePercent = scan(scan, counter, listener, minutes);
                compare(at, onePercent, baseline, baselineMs, baselineCalls);

                Bench.title("Missed scan: time against due policies (same table, consecutive windows after T0)");
                List<Double> due = new ArrayList<>();
                List<Double> ms = new ArrayList<>();
                for (int wanted : List.of(1000, 2000, 4000)) {
                    minutes += wanted * (double) MINUTES_PER_DAY / POLICIES;
                    Run r = scan(scan, counter, listener, minutes);
                    due.add((double) r.due());
                    ms.add(r.ms());
                    System.out.printf(
                            "  ~%-5d due: %5d due, %5d missed, %5d POSTs, %6.0f ms (%.1f ms/policy), "
                                    + "%6d requests, %5d items read, CPU ms/policy function/dynalite/harness %s%n",
                            wanted,
                            r.due(),
                            r.missed(),
                            r.posts(),
                            r.ms(),
                            r.ms() / r.due(),
                            r.calls().total(),
                            r.calls().itemsRead(),
                            r.cpuPerPolicy());
                }
                double[] line = Bench.fit(due, ms);
                System.out.printf(
                        "  least-squares fit: ms = %.0f + %.2f x due   (r^2 = %.3f); %s%n",
                        line[0], line[1], line[2], Bench.load());
            }
        }
    }

    /** Writes the policies straight into the table, in the layout ServerPolicyStore writes; returns seconds taken. */
    private static double load(DynamoDbClient dynamo) throws Exception {
        long started = System.nanoTime();
        Bench.load(dynamo, POLICIES, i -> List.of(StoreWrite.put(TABLE, item(i))));
        return Bench.millisSince(started) / 1000;
    }

    /** Policy {@code i}: a daily start {@code 1 + i % 1440} minutes after T0, checked through T0. */
    private static Map<String, AttributeValue> item(int i) {
        ZonedDateTime start =
                T0.plus(Duration.ofMinutes(1 + i % MINUTES_PER_DAY)).atZone(ZoneOffset.UTC);
        String cron = start.getMinute() + " " + start.getHour() + " * * *";
        Instant enabled = T0.minus(Duration.ofDays(30));
        String account = "ACC" + i % ACCOUNTS;
        ServerPolicy policy = new ServerPolicy(
                account,
                "ap-" + (i / ACCOUNTS) % 10,
                "sp-" + i,
                "server-" + i,
                "US EAST",
                true,
                enabled,
                enabled,
                enabled,
                "Nightly " + (i / ACCOUNTS) % 10,
                cron,
                "UTC",
                T0,
                CHECKS.nextCheckAt(Schedule.of(cron, "UTC"), T0),
                0);
        Map<String, AttributeValue> item = ServerPolicyStore.toItem(policy);
        item.put("version", Items.n(1));
        return item;
    }

    private static Instant scanTime(double minutesAfterT0) {
        return T0.plus(JUDGED_AFTER).plusMillis(Math.round(minutesAfterT0 * 60_000));
    }

    /** One scheduled scan at T0 + 1 h + 2 min + {@code minutes}. */
    private static Run scan(LocalFunction scan, AwsGate counter, Listener listener, double minutes) throws Exception {
        String event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", "bench")
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("time", scanTime(minutes).toString())
                .toString();
        int postsBefore = listener.received("/missing").size();
        long[] pids = {scan.pid(), Bench.dynalitePid(), ProcessHandle.current().pid()};
        counter.reset();
        double[] cpu = Bench.cpuMillis(pids);
        long started = System.nanoTime();
        JsonNode report = JSON.readTree(scan.invoke(event));
        double ms = Bench.millisSince(started);
        double[] cpuAfter = Bench.cpuMillis(pids);
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = cpuAfter[i] - cpu[i];
        }
        AwsGate.Snapshot calls = counter.reset();
        List<Received> posts = listener.received("/missing");
        List<Received> mine = posts.subList(postsBefore, posts.size());
        return new Run(
                report.path("due").asInt(),
                report.path("missed").asInt(),
                report.path("complete").asBoolean(),
                ms,
                calls,
                mine.size(),
                mine.stream().map(p -> p.header("webhook-id")).distinct().count(),
                cpu);
    }

    /** A plain full-table Scan: {items read, of which due at {@code at}}. */
    private static long[] fullScan(DynamoDbClient dynamo, Instant at) {
        long read = 0;
        long due = 0;
        for (Map<String, AttributeValue> item :
                dynamo.scanPaginator(b -> b.tableName(TABLE)).items()) {
            read++;
            Long next = Items.n(item, "nextCheckAt");
            if (next != null && next <= at.toEpochMilli()) {
                due++;
            }
        }
        return new long[] {read, due};
    }

    private static void compare(Instant at, Run scan, long[] baseline, double baselineMs, AwsGate.Snapshot calls) {
        Bench.title("Missed scan at " + at + " (~1% of the day's starts due): the function vs a full-table Scan");
        System.out.printf("  %-36s %-30s %s%n", "", "missed-scan function (index)", "full-table Scan (baseline)");
        line("due policies", scan.due(), baseline[1]);
        line("items read", scan.calls().itemsRead(), baseline[0]);
        line("DynamoDB requests", scan.calls().total(), calls.total());
        java.util.Set<String> operations =
                new java.util.TreeSet<>(scan.calls().requests().keySet());
        operations.addAll(calls.requests().keySet());
        for (String operation : operations) {
            line("  " + operation, scan.calls().requests(operation), calls.requests(operation));
        }
        System.out.printf(
                "  %-36s %-30s %s%n",
                "wall time", String.format("%.0f ms", scan.ms()), String.format("%.0f ms (reading only)", baselineMs));
        System.out.printf(
                "  %-36s %-30s %s%n",
                "missed starts reported / POSTs",
                scan.missed() + " / " + scan.posts() + " (" + scan.distinctPosts() + " distinct ids)",
                "-");
        System.out.printf("  %-36s %-30s%n", "scan complete", scan.complete());
        System.out.printf("  %-36s %-30s%n", "CPU ms/policy: function/dynalite/harness", scan.cpuPerPolicy());
        boolean met = scan.calls().itemsRead() <= 2L * scan.due();
        System.out.printf("  target: items read <= 2 x due = %d: %s%n", 2L * scan.due(), met ? "MET" : "MISSED");
    }

    private static void line(String label, long function, long baseline) {
        System.out.printf("  %-36s %-30d %d%n", label, function, baseline);
    }
}
