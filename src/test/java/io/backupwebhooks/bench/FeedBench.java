package io.backupwebhooks.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.backupwebhooks.local.LocalFunction;
import io.backupwebhooks.local.LocalRun;
import io.backupwebhooks.local.Sandbox;
import io.backupwebhooks.shared.store.Items;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.Dynalite;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.LocalTables;
import io.backupwebhooks.testing.Resolver;
import io.backupwebhooks.testing.Template;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The policy feed (spec §5) through the policy queue (ElasticMQ, the template's visibility timeout) and the packaged
 * delivery function, polled as Lambda's event source mapping does with the template's MaximumConcurrency of 2
 * (-Dbench.pollers). {@code -Dbench=feed}: N SERVER_POLICY messages (-Dbench.messages, default 20,000) for 100 accounts,
 * then the same again, then a quarter of them as shuffled older versions; messages per second, DynamoDB requests per
 * message of each phase, and the policies in the table afterwards. {@code -Dbench=resync}: one account with 10,000 server
 * policies, a full resynchronisation that leaves 1,000 out, its POLICY_SYNC marker sent first; the time until the 1,000
 * are gone and the requests it took.
 */
final class FeedBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POLLERS = Integer.getInteger("bench.pollers", 2);
    private static final String QUEUE = Resolver.QUEUES.get("PolicyQueue");
    private static final String SERVERS_TABLE = LocalTables.NAMES.get("backup-webhooks.tables.server-policies");

    private FeedBench() {}

    static void ingest() throws Exception {
        int messages = Integer.getInteger("bench.messages", 20_000);
        int accounts = 100;
        try (Env env = new Env()) {
            List<String> setup = new ArrayList<>();
            for (int a = 0; a < accounts; a++) {
                setup.add(accountPolicy("ACC" + a, null));
            }
            env.run(setup);
            List<String> newest = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                newest.add(serverPolicy("ACC" + i % accounts, "sp-" + i, 10, null));
            }
            Random random = new Random(7);
            List<String> older = new ArrayList<>();
            for (int i = 0; i < messages / 4; i++) {
                int p = random.nextInt(messages);
                older.add(serverPolicy("ACC" + p % accounts, "sp-" + p, 1 + random.nextInt(9), null));
            }
            Collections.shuffle(newest, random);
            Bench.title(String.format(
                    "Policy feed: %,d SERVER_POLICY messages for %d accounts, %d pollers of 10 (the template's"
                            + " MaximumConcurrency), one delivery process",
                    messages, accounts, POLLERS));
            env.phase("new policies (version 10)", newest);
            env.phase("the same again (repeats)", newest);
            env.phase("older versions, shuffled", older);

            long live = 0;
            long newestVersion = 0;
            for (Map<String, AttributeValue> item :
                    env.dynamo.scanPaginator(b -> b.tableName(SERVERS_TABLE)).items()) {
                if (!item.containsKey("deleted")) {
                    live++;
                }
                if (Long.valueOf(10).equals(Items.n(item, "feedVersion"))
                        && item.containsKey("nextCheckAt")
                        && "Nightly".equals(Items.s(item, "accountPolicyName"))) {
                    newestVersion++;
                }
            }
            Bench.row(
                    "server policies in the table afterwards",
                    String.format(
                            "%,d live, %,d at version 10 with their account policy's copy and watched (expected %,d)",
                            live, newestVersion, messages));
        }
    }

    static void resync() throws Exception {
        int servers = Integer.getInteger("bench.servers", 10_000);
        int dropped = servers / 10;
        try (Env env = new Env()) {
            List<String> load = new ArrayList<>();
            load.add(accountPolicy("BIG", null));
            for (int i = 0; i < servers; i++) {
                load.add(serverPolicy("BIG", "sp-" + i, 1, null));
            }
            env.run(load);
            Bench.title(String.format(
                    "Resynchronisation: one account with %,d server policies; the sync sends %,d (%,d left out),"
                            + " its POLICY_SYNC marker first; %d pollers",
                    servers, servers - dropped, dropped, POLLERS));
            List<String> sync = new ArrayList<>();
            sync.add(accountPolicy("BIG", "sync-1"));
            for (int i = dropped; i < servers; i++) {
                sync.add(serverPolicy("BIG", "sp-" + i, 1, "sync-1"));
            }
            String marker = JSON.createObjectNode()
                    .put("type", "POLICY_SYNC")
                    .put("account", "BIG")
                    .put("syncId", "sync-1")
                    .put("accountPolicies", 1)
                    .put("serverPolicies", servers - dropped)
                    .toString();
            env.gate.reset();
            long t = System.nanoTime();
            env.send(List.of(marker));
            env.send(sync);
            AtomicBoolean gone = new AtomicBoolean();
            env.pollUntil(() -> {
                if (liveServers(env.dynamo) == servers - dropped) {
                    gone.set(true);
                }
                return gone.get();
            });
            double ms = Bench.millisSince(t);
            AwsGate.Snapshot calls = env.gate.reset();
            Bench.row(
                    "time until the " + dropped + " left out were deleted",
                    String.format(
                            "%.1f s from the marker (%s); the marker waits for its messages by failing, and comes"
                                    + " back after the queue's visibility timeout",
                            ms / 1000, gone.get() ? "all gone" : "NOT all gone within 15 min"));
            Bench.row(
                    "requests it took (" + (servers - dropped + 2) + " messages incl. the marker and account policy)",
                    String.format("%,d: %s", calls.total(), calls.requests()));
            Bench.row("items read", String.format("%,d", calls.itemsRead()));
        }
    }

    private static long liveServers(DynamoDbClient dynamo) {
        long live = 0;
        for (Map<String, AttributeValue> item :
                dynamo.scanPaginator(b -> b.tableName(SERVERS_TABLE)).items()) {
            if (!item.containsKey("deleted")) {
                live++;
            }
        }
        return live;
    }

    static String accountPolicy(String account, String syncId) {
        var m = JSON.createObjectNode()
                .put("type", "ACCOUNT_POLICY")
                .put("account", account)
                .put("accountPolicyId", "nightly")
                .put("name", "Nightly")
                .put("schedule", "R/2026-01-01T01:00:00Z/PT24H")
                .put("timezone", "UTC")
                .put("version", 1);
        if (syncId != null) {
            m.put("syncId", syncId);
        }
        return m.toString();
    }

    static String serverPolicy(String account, String id, long version, String syncId) {
        var m = JSON.createObjectNode()
                .put("type", "SERVER_POLICY")
                .put("account", account)
                .put("accountPolicyId", "nightly")
                .put("serverPolicyId", id)
                .put("server", "server-" + id)
                .put("storageRegion", "EU")
                .put("enabled", true)
                .put("version", version);
        if (syncId != null) {
            m.put("syncId", syncId);
        }
        return m.toString();
    }

    /** dynalite, ElasticMQ with the policy queue as the template makes it, the gate and the packaged delivery. */
    private static final class Env implements AutoCloseable {
        final Dynalite dynalite = Dynalite.start();
        final DynamoDbClient dynamo = dynalite.client();
        final ElasticMq sqs = new ElasticMq();
        final String queue;
        final AwsGate gate;
        final LocalFunction delivery;

        Env() {
            LocalTables.create(dynamo);
            Map<String, String> queues = sqs.createTemplateQueues();
            sqs.client().deleteQueue(b -> b.queueUrl(queues.get(QUEUE)));
            queue = LocalRun.createWithDeadLetters(sqs, QUEUE, 20);
            gate = new AwsGate(Template.load(), Map.of("dynamodb", dynalite.endpoint(), "sqs", sqs.endpoint()), null);
            Map<String, String> urls = new java.util.HashMap<>(queues);
            urls.put(QUEUE, queue);
            delivery = LocalFunction.start(
                    Sandbox.of("delivery", gate.endpoint(AwsGate.functionId("delivery")), urls),
                    List.of(),
                    Bench.log("feed-delivery"));
            if (!delivery.awaitReady(Duration.ofSeconds(60))) {
                throw new IllegalStateException("delivery did not start; see target/bench/feed-delivery.log");
            }
        }

        /** Sends {@code bodies} (10 a SendMessageBatch, 4 threads) and has them all consumed; no figures. */
        void run(List<String> bodies) throws Exception {
            send(bodies);
            pollUntil(this::empty);
        }

        /** One measured phase: sent first, then consumed; prints its rate and requests per message. */
        void phase(String name, List<String> bodies) throws Exception {
            send(bodies);
            gate.reset();
            long t = System.nanoTime();
            pollUntil(this::empty);
            double seconds = Bench.millisSince(t) / 1000;
            AwsGate.Snapshot calls = gate.reset();
            Bench.row(
                    name,
                    String.format(
                            "%,.0f messages/s (%,d in %.1f s); %.3f DynamoDB requests per message %s",
                            bodies.size() / seconds,
                            bodies.size(),
                            seconds,
                            calls.total() / (double) bodies.size(),
                            calls.requests()));
        }

        void send(List<String> bodies) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> parts = new ArrayList<>();
            for (int from = 0; from < bodies.size(); from += 10) {
                List<String> chunk = bodies.subList(from, Math.min(bodies.size(), from + 10));
                parts.add(pool.submit(() -> {
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < chunk.size(); i++) {
                        entries.add(SendMessageBatchRequestEntry.builder()
                                .id(Integer.toString(i))
                                .messageBody(chunk.get(i))
                                .build());
                    }
                    sqs.client().sendMessageBatch(b -> b.queueUrl(queue).entries(entries));
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
            pool.shutdown();
        }

        boolean empty() {
            return sqs.drainable(queue) == 0;
        }

        /** {@link #POLLERS} pollers of the queue until {@code done} (at most 15 min). */
        void pollUntil(java.util.function.BooleanSupplier done) throws Exception {
            Bench.pollUntil(sqs, queue, QUEUE, delivery, POLLERS, Duration.ofMinutes(15), done);
        }

        @Override
        public void close() {
            delivery.close();
            gate.close();
            sqs.close();
            dynamo.close();
            dynalite.close();
        }
    }
}
