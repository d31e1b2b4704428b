package io.backupwebhooks.bench;

import static io.backupwebhooks.bench.Bench.row;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.tools.ToolProvider;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.backupwebhooks.local.LocalFunction;
import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.schedule.MissedChecks;
import io.backupwebhooks.shared.schedule.Schedule;
import io.backupwebhooks.shared.store.Items;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.Dynalite;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.LocalTables;
import io.backupwebhooks.testing.Samples;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cold start of each function: a fresh process of the java21 runtime command (in the function's Lambda sandbox: the
 * template's memory size and the JVM sizing that follows, see {@link io.backupwebhooks.local.Sandbox}) gets a representative first event at once; measured are the time
 * from process start to the runtime's first poll (Lambda's init) and to the first response, the CPU time used by
 * then, and resident memory after 1,000 more invocations. Three runs per function, min and median. For context, the
 * JVM's own floor: a trivial Hello class. {@code -Dbench.jvm="..."} adds JVM options, {@code -Dbench.functions},
 * {@code -Dbench.runs} and {@code -Dbench.invocations} narrow the run.
 */
final class ColdStartBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final int MORE = Integer.getInteger("bench.invocations", 1000);
    private static final String ACCOUNT = "COLD";

    private ColdStartBench() {}

    static void run() throws Exception {
        List<String> options = new ArrayList<>();
        String extra = System.getProperty("bench.jvm", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        try (Dynalite dynalite = Dynalite.start();
                DynamoDbClient dynamo = dynalite.client();
                AwsGate gate = AwsGate.unrecorded(dynalite.endpoint());
                Listener listener = new Listener()) {
            LocalTables.create(dynamo);
            Instant now = Instant.now();
            for (EventType type : List.of(EventType.SUCCESS, EventType.MISSING)) {
                String url = listener.url("/" + type, Listener.ok());
                Subscription s = new Subscription(ACCOUNT, type, url, true, null, null, null, now, now);
                Map<String, AttributeValue> item = SubscriptionStore.toItem(s);
                dynamo.putItem(b -> b.tableName("subscriptions").item(item));
            }

            Bench.title("Cold start: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                    + ", JVM options " + options + "; " + RUNS + " runs per function, " + MORE
                    + " invocations before RSS; " + Bench.load());
            hello();
            String delivery = ElasticMq.lambdaEventOf(List.of(Samples.read("events/backup-started.json")));
            unmeasured(options, gate, delivery);
            String admin = Api.event("GET", "/webhooks", null, null, ACCOUNT).toString();
            List<String> functions = List.of(System.getProperty("bench.functions", "delivery,missed-scan,admin")
                    .split(","));
            if (functions.contains("delivery")) {
                measure("delivery", options, gate, () -> delivery);
            }
            if (functions.contains("missed-scan")) {
                measure("missed-scan", options, gate, () -> scanEventWithOneDuePolicy(dynamo));
            }
            if (functions.contains("admin")) {
                measure("admin", options, gate, () -> admin);
            }
        }
    }

    /** One start that is not counted: the first process after a build reads its jars from a cold page cache. */
    private static void unmeasured(List<String> options, AwsGate gate, String event) {
        try (LocalFunction f = Bench.start("delivery", options, gate, "coldstart-unmeasured")) {
            f.invoke(event);
        }
    }

    private static void measure(String function, List<String> options, AwsGate gate, Supplier<String> event) {
        List<Double> ready = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            String firstEvent = event.get();
            LocalFunction f = Bench.start(function, options, gate, "coldstart-" + function + "-" + run);
            try (f) {
                CompletableFuture<Long> polled = CompletableFuture.supplyAsync(() -> {
                    f.awaitReady(Duration.ofSeconds(60));
                    return System.nanoTime();
                });
                String response = f.invoke(firstEvent);
                long answered = System.nanoTime();
                cpu.add(Bench.cpuMillis(f.pid()));
                check(function, response);
                ready.add((polled.join() - f.startedNanos()) / 1e6);
                first.add((answered - f.startedNanos()) / 1e6);
                for (int i = 0; i < MORE; i++) {
                    f.invoke(firstEvent);
                }
                rss.add(f.residentMiB());
            }
        }
        System.out.println("  " + function + ":");
        row(
                "  process start -> runtime ready (init), min / median",
                String.format("%.0f / %.0f ms", Bench.min(ready), Bench.median(ready)));
        row(
                "  process start -> first response, min / median",
                String.format("%.0f / %.0f ms", Bench.min(first), Bench.median(first)),
                "< 1500 ms",
                Bench.median(first) < 1500);
        row(
                "  CPU time to first response (all threads), min / median",
                String.format("%.0f / %.0f ms", Bench.min(cpu), Bench.median(cpu)));
        row(
                "  VmRSS after " + MORE + " more invocations, min / median",
                String.format("%.0f / %.0f MiB", Bench.min(rss), Bench.median(rss)),
                "< 200 MB",
                Bench.median(rss) * 1.048576 < 200);
        row(
                "  runs (first response ms)",
                first.stream().map(d -> String.format("%.0f", d)).toList().toString());
    }

    /** Seeds one hourly policy of COLD that is due with two missed starts; returns a scheduled event for now. */
    private static String scanEventWithOneDuePolicy(DynamoDbClient dynamo) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant checked = now.minus(Duration.ofHours(3));
        MissedChecks checks = new MissedChecks(Duration.ofMinutes(2), Duration.ofHours(24));
        ServerPolicy policy = new ServerPolicy(
                ACCOUNT,
                "ap",
                "sp-" + System.nanoTime(),
                "server",
                "US EAST",
                true,
                checked.minus(Duration.ofDays(1)),
                checked,
                checked,
                "Hourly",
                "0 * * * *",
                "UTC",
                checked,
                checks.nextCheckAt(Schedule.of("0 * * * *", "UTC"), checked),
                0);
        Map<String, AttributeValue> item = ServerPolicyStore.toItem(policy);
        item.put("version", Items.n(1));
        dynamo.putItem(b -> b.tableName("server-policies").item(item));
        return JSON.createObjectNode()
                .put("version", "0")
                .put("id", "cold")
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("time", now.toString())
                .toString();
    }

    private static void check(String function, String response) {
        boolean ok = switch (function) {
            case "delivery" -> response.contains("\"batchItemFailures\":[]");
            case "missed-scan" -> response.contains("\"missed\":2");
            default -> response.contains("\"statusCode\":200");
        };
        if (!ok) {
            throw new IllegalStateException(function + " answered " + response);
        }
    }

    /** The JVM's own startup floor: {@code java -XX:TieredStopAtLevel=1 -cp <dir> Hello}, process start to exit. */
    private static void hello() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hello");
        Path source = dir.resolve("Hello.java");
        Files.writeString(
                source, "public class Hello { public static void main(String[] a) { System.out.println(\"hi\"); } }");
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, source.toString()) != 0) {
            throw new IllegalStateException("could not compile Hello");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", dir.toString(), "Hello")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.waitFor();
            times.add(Bench.millisSince(started));
        }
        row(
                "JVM floor: java -XX:TieredStopAtLevel=1 Hello, min / median",
                String.format("%.0f / %.0f ms", Bench.min(times), Bench.median(times)));
    }
}
