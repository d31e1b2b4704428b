package io.backupwebhooks.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.backupwebhooks.local.LocalFunction;
import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.BackupOutcome;
import io.backupwebhooks.shared.store.Items;
import io.backupwebhooks.shared.store.OutcomeStore;
import io.backupwebhooks.shared.store.ReportSettings;
import io.backupwebhooks.shared.store.ReportSettingsStore;
import io.backupwebhooks.shared.store.StoreWrite;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.Dynalite;
import io.backupwebhooks.testing.LocalTables;
import io.backupwebhooks.testing.SesLocal;
import io.backupwebhooks.testing.Template;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./mvnw -Pbench -Dbench=report}: N accounts (-Dbench.accounts, default 10,000) all due at the same hour,
 * each with E outcomes on the reported day (-Dbench.events, default 100) and one confirmed recipient; one run of
 * the packaged report function behind the {@link AwsGate} (IAM checked, requests and items read counted), with
 * aws-ses-v2-local as SES. Prints the time to send all reports, DynamoDB requests and items read per report and SES
 * calls, against the target items read per report ≤ events + 2. A second run at the same time shows that nothing is
 * sent twice.
 */
final class ReportBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACCOUNTS = Integer.getInteger("bench.accounts", 10_000);
    private static final int EVENTS = Integer.getInteger("bench.events", 100);
    private static final Instant DUE = Instant.parse("2026-12-02T14:00:00Z"); // 08:00 in Chicago
    private static final Instant DAY_START = Instant.parse("2026-12-01T06:00:00Z"); // 00:00 Dec 1 in Chicago

    private ReportBench() {}

    static void run() throws Exception {
        try (Dynalite dynalite = Dynalite.start();
                DynamoDbClient dynamo = dynalite.client();
                SesLocal ses = SesLocal.start();
                AwsGate gate = new AwsGate(
                        Template.load(), Map.of("dynamodb", dynalite.endpoint(), "ses", ses.endpoint()), null)) {
            LocalTables.create(dynamo);
            long started = System.nanoTime();
            load(dynamo);
            Bench.title(String.format(
                    "Report: %,d accounts due at the same hour, %d outcomes each, loaded in %.1f s",
                    ACCOUNTS, EVENTS, Bench.millisSince(started) / 1000));
            try (LocalFunction report = Bench.startReady("report", gate)) {
                gate.reset();
                started = System.nanoTime();
                JsonNode run = JSON.readTree(report.invoke(event()));
                double ms = Bench.millisSince(started);
                AwsGate.Snapshot calls = gate.reset();
                int reports = run.path("sent").asInt();
                long dynamoRequests = calls.total() - calls.requests("SendEmail");
                Bench.row("run", run.toString());
                Bench.row(
                        "time to send all reports",
                        String.format("%.1f s (%.1f ms per report)", ms / 1000, ms / Math.max(1, reports)));
                Bench.row(
                        "DynamoDB requests per report",
                        String.format("%.2f (%s)", (double) dynamoRequests / Math.max(1, reports), calls.requests()));
                double itemsPerReport = (double) calls.itemsRead() / Math.max(1, reports);
                Bench.row(
                        "items read per report",
                        String.format("%.2f", itemsPerReport),
                        "<= " + (EVENTS + 2),
                        itemsPerReport <= EVENTS + 2);
                Bench.row(
                        "SES SendEmail calls",
                        calls.requests("SendEmail") + " (emails stored: "
                                + ses.emails().size() + ")",
                        "= " + ACCOUNTS,
                        calls.requests("SendEmail") == ACCOUNTS);
                JsonNode again = JSON.readTree(report.invoke(event()));
                Bench.row(
                        "a second run at the same time",
                        again.toString(),
                        "sent 0",
                        again.path("sent").asInt() == 0);
                System.out.println("  " + Bench.load());
            }
        }
    }

    /**
     * {@code -Dbench=report-paced}: N accounts (-Dbench.accounts) × 2 confirmed recipients due at the same hour, SES
     * modelled by the gate at -Dbench.ses-rate sends a second (default 14; above it, 429 as SES answers), runs every 5
     * minutes of event time until every address has its report; with -Dbench.throttle-first=true SES refuses
     * everything during the first run. Prints runs needed, time, SES calls, throttles, duplicates and losses.
     */
    static void paced() throws Exception {
        double rate = Double.parseDouble(System.getProperty("bench.ses-rate", "14"));
        boolean throttleFirst = Boolean.getBoolean("bench.throttle-first");
        try (Dynalite dynalite = Dynalite.start();
                DynamoDbClient dynamo = dynalite.client();
                SesLocal ses = SesLocal.start();
                AwsGate gate = new AwsGate(
                        Template.load(), Map.of("dynamodb", dynalite.endpoint(), "ses", ses.endpoint()), null)) {
            LocalTables.create(dynamo);
            Bench.load(dynamo, ACCOUNTS, a -> List.of(StoreWrite.put("report-settings", pacedSettings(a))));
            Bench.title(String.format(
                    "Report, paced: %,d accounts x 2 confirmed addresses due at the same hour; SES at %.0f sends/s%s",
                    ACCOUNTS, rate, throttleFirst ? "; SES throttles everything in the first run" : ""));
            gate.sesRate(rate);
            try (LocalFunction report = Bench.startReady("report", gate)) {
                gate.reset();
                int runs = 0;
                double ms = 0;
                Instant at = DUE;
                while (ses.emails().size() < 2 * ACCOUNTS && runs < 200) {
                    gate.sesRefuseNext(throttleFirst && runs == 0 ? Integer.MAX_VALUE : 0);
                    long t = System.nanoTime();
                    JsonNode run = JSON.readTree(report.invoke(event(at)));
                    ms += Bench.millisSince(t);
                    runs++;
                    System.out.printf("  run %d at %s: %s (%.1f s)%n", runs, at, run, Bench.millisSince(t) / 1000);
                    at = at.plusSeconds(300);
                }
                gate.sesRefuseNext(0);
                AwsGate.Snapshot calls = gate.reset();
                Map<String, Long> perAddress = new java.util.HashMap<>();
                for (JsonNode email : ses.emails()) {
                    perAddress.merge(email.path("destination").path("to").get(0).asText(), 1L, Long::sum);
                }
                long duplicates = perAddress.values().stream()
                        .filter(n -> n > 1)
                        .mapToLong(n -> n - 1)
                        .sum();
                long lost = 2L * ACCOUNTS - perAddress.size();
                Bench.row("runs needed", Integer.toString(runs));
                Bench.row(
                        "time the runs took until every report was accepted",
                        String.format("%.1f s (%.1f emails/s)", ms / 1000, 2 * ACCOUNTS / (ms / 1000)));
                Bench.row(
                        "SES SendEmail calls",
                        String.format(
                                "%d (%d refused as throttled by the modelled SES; the SDK retries each up to 3 times)",
                                calls.requests("SendEmail"), gate.sesThrottled()));
                Bench.row("duplicates", Long.toString(duplicates), "0", duplicates == 0);
                Bench.row("reports lost", Long.toString(lost), "0", lost == 0);
                Bench.row(
                        "DynamoDB requests per email",
                        String.format(
                                "%.2f (%s)",
                                (calls.total() - calls.requests("SendEmail")) / (double) (2 * ACCOUNTS),
                                calls.requests()));
            }
        }
    }

    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> pacedSettings(int a) {
        var item = new java.util.HashMap<>(ReportSettingsStore.item(new ReportSettings(
                "ACC" + a,
                true,
                8,
                "America/Chicago",
                List.of(
                        new ReportSettings.Recipient("ops-" + a + "@example.org", true, null, DUE),
                        new ReportSettings.Recipient("boss-" + a + "@example.org", true, null, DUE)),
                DUE,
                null,
                "https://api.example.com",
                DUE,
                1)));
        item.put("version", Items.n(1));
        return item;
    }

    private static String event(Instant time) {
        return JSON.createObjectNode()
                .put("version", "0")
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("time", time.toString())
                .toString();
    }

    private static String event() {
        return JSON.createObjectNode()
                .put("version", "0")
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("time", DUE.toString())
                .toString();
    }

    /** Writes settings and outcomes straight into the tables, in the stores' layouts, with 4 threads. */
    private static void load(DynamoDbClient dynamo) throws Exception {
        Bench.load(dynamo, ACCOUNTS, a -> {
            List<StoreWrite> writes = new ArrayList<>();
            String account = "ACC" + a;
            var item = new java.util.HashMap<>(ReportSettingsStore.item(new ReportSettings(
                    account,
                    true,
                    8,
                    "America/Chicago",
                    List.of(new ReportSettings.Recipient("ops-" + a + "@example.org", true, "t".repeat(43), DUE)),
                    DUE,
                    null,
                    "https://api.example.com",
                    DUE,
                    1)));
            item.put("version", Items.n(1));
            writes.add(StoreWrite.put("report-settings", item));
            for (int e = 0; e < EVENTS; e++) {
                EventType type = e % 50 == 7 ? EventType.FAILED : e % 50 == 9 ? EventType.MISSING : EventType.SUCCESS;
                Instant at = DAY_START.plusSeconds(86_400L * e / EVENTS);
                writes.add(StoreWrite.put(
                        "outcomes",
                        OutcomeStore.item(new BackupOutcome(
                                account,
                                "evt_" + a + "_" + e,
                                type,
                                at,
                                "srv-" + e,
                                "sp-" + e,
                                "ap",
                                "Nightly",
                                null,
                                null,
                                null,
                                null))));
            }
            return writes;
        });
    }
}
