package io.backupwebhooks.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.backupwebhooks.local.LocalFunction;
import io.backupwebhooks.local.LocalRun;
import io.backupwebhooks.local.Sandbox;
import io.backupwebhooks.shared.store.Items;
import io.backupwebhooks.shared.store.StoreWrite;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.Project;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Performance harnesses that print numbers (they are not tests):
 * {@code ./mvnw -Pbench -Dbench=delivery|missed|coldstart|report|outage|feed|resync|resend}.
 * Each runs the packaged target/function.zip the way Lambda's java21 runtime does ({@link LocalFunction}, in the
 * function's {@link Sandbox}), against dynalite on loopback behind the {@link AwsGate} (IAM checked, requests counted),
 * and prints its figures next to their targets. Function logs go to target/bench/*.log.
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        // The local Runtime API and the counter are com.sun.net.httpserver servers: without TCP_NODELAY, Nagle and
        // delayed ACKs add ~40 ms to every invocation and every proxied request. Read once, before the first server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String which = System.getProperty("bench", "");
        switch (which) {
            case "delivery" -> DeliveryBench.run();
            case "missed" -> MissedScanBench.run();
            case "coldstart" -> ColdStartBench.run();
            case "report" -> ReportBench.run();
            case "report-paced" -> ReportBench.paced();
            case "outage" -> OutageBench.run();
            case "feed" -> FeedBench.ingest();
            case "resync" -> FeedBench.resync();
            case "resend" -> ResendBench.run();
            default ->
                throw new IllegalArgumentException(
                        "use -Dbench=delivery|missed|coldstart|report|report-paced|outage|feed|resync|resend (got '"
                                + which + "')");
        }
    }

    /**
     * Starts a packaged function in its Lambda {@link Sandbox} (the template's memory, timeout and environment, the
     * java21 runtime's JVM sizing, plus {@code extraJvmOptions}), its AWS calls through its endpoint of {@code gate};
     * does not wait.
     */
    static LocalFunction start(String function, List<String> extraJvmOptions, AwsGate gate, String logName) {
        return LocalFunction.start(
                Sandbox.of(function, gate.endpoint(AwsGate.functionId(function))), extraJvmOptions, log(logName));
    }

    /** Starts a function and waits until its runtime asks for the first event. */
    static LocalFunction startReady(String function, AwsGate gate) {
        return ready(start(function, List.of(), gate, function), function);
    }

    /**
     * Starts a function whose environment names the local queues {@code queueUrls} (local name to URL), logging to
     * target/bench/{@code logName}.log, and waits until its runtime asks for the first event.
     */
    static LocalFunction startReady(String function, AwsGate gate, Map<String, String> queueUrls, String logName) {
        return ready(
                LocalFunction.start(
                        Sandbox.of(function, gate.endpoint(AwsGate.functionId(function)), queueUrls),
                        List.of(),
                        log(logName)),
                logName);
    }

    private static LocalFunction ready(LocalFunction f, String logName) {
        if (!f.awaitReady(Duration.ofSeconds(60))) {
            throw new IllegalStateException(f.name() + " did not start; see target/bench/" + logName + ".log");
        }
        return f;
    }

    /**
     * Lambda's event source mapping for {@code delivery}: {@code pollers} pollers of {@code queueUrl} (local name
     * {@code name}, batches of 10) until {@code done} (checked every 100 ms) or {@code atMost} has passed.
     */
    static void pollUntil(
            ElasticMq sqs,
            String queueUrl,
            String name,
            LocalFunction delivery,
            int pollers,
            Duration atMost,
            BooleanSupplier done)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(pollers);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < pollers; i++) {
            running.add(pool.submit(() -> {
                while (!stop.get()) {
                    LocalRun.poll(sqs, queueUrl, name, delivery);
                }
            }));
        }
        long t = System.nanoTime();
        while (!done.getAsBoolean() && millisSince(t) < atMost.toMillis()) {
            Thread.sleep(100);
        }
        stop.set(true);
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
    }

    /**
     * Writes straight into the tables what {@code writesOf} gives for each of {@code count} indexes, 25 a
     * BatchWriteItem, with 4 threads (a benchmark's data, bypassing the functions).
     */
    static void load(DynamoDbClient dynamo, int count, java.util.function.IntFunction<List<StoreWrite>> writesOf)
            throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            parts.add(pool.submit(() -> {
                List<StoreWrite> chunk = new ArrayList<>();
                for (int i = first; i < count; i += threads) {
                    for (StoreWrite write : writesOf.apply(i)) {
                        chunk.add(write);
                        if (chunk.size() == 25) {
                            Items.batchWrite(dynamo, chunk);
                            chunk = new ArrayList<>();
                        }
                    }
                }
                Items.batchWrite(dynamo, chunk);
                return null;
            }));
        }
        for (Future<?> part : parts) {
            part.get();
        }
        pool.shutdown();
    }

    /** Appends each line to target/bench/{name}.log. */
    static Consumer<String> log(String name) {
        try {
            Path file = Project.path("target", "bench", name + ".log");
            Files.createDirectories(file.getParent());
            PrintWriter out = new PrintWriter(Files.newBufferedWriter(file), true);
            return out::println;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DynamoDbClient client(String endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** CPU time (user + system) each process has used so far, in ms. */
    static double[] cpuMillis(long... pids) {
        double[] ms = new double[pids.length];
        for (int i = 0; i < pids.length; i++) {
            ms[i] = cpuMillis(pids[i]);
        }
        return ms;
    }

    /** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
    static double cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0; // clock ticks of 10 ms
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid of the dynalite process this JVM started (the newest one). */
    static long dynalitePid() {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info().commandLine().orElse("").contains("dynalite"))
                .mapToLong(ProcessHandle::pid)
                .max()
                .orElseThrow();
    }

    /** This machine's load average (1, 5, 15 min) and cores: other work running here skews every figure. */
    static String load() {
        try {
            String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.format(
                    "load average %s %s %s on %d cores",
                    avg[0], avg[1], avg[2], Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** The p-th percentile (0..100) by nearest rank. */
    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    static double min(List<Double> values) {
        return Collections.min(values);
    }

    /** Least-squares line y = a + b x: {a, b, r²}. */
    static double[] fit(List<Double> x, List<Double> y) {
        int n = x.size();
        double mx = x.stream().mapToDouble(d -> d).average().orElseThrow();
        double my = y.stream().mapToDouble(d -> d).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x.get(i) - mx) * (y.get(i) - my);
            sxx += (x.get(i) - mx) * (x.get(i) - mx);
            syy += (y.get(i) - my) * (y.get(i) - my);
        }
        double b = sxy / sxx;
        return new double[] {my - b * mx, b, syy == 0 ? 1 : sxy * sxy / (sxx * syy)};
    }

    static void title(String text) {
        System.out.println();
        System.out.println("== " + text);
    }

    /** One line of a result table: label, value, and the target with its verdict when there is one. */
    static void row(String label, String value, String target, Boolean met) {
        System.out.printf(
                "  %-64s %-22s %s%n",
                label,
                value,
                target == null ? "" : "target " + target + (met == null ? "" : met ? "  MET" : "  MISSED"));
    }

    static void row(String label, String value) {
        row(label, value, null, null);
    }
}
