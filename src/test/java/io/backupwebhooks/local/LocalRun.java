package io.backupwebhooks.local;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.Dynalite;
import io.backupwebhooks.testing.ElasticMq;
import io.backupwebhooks.testing.LocalTables;
import io.backupwebhooks.testing.Resolver;
import io.backupwebhooks.testing.SesLocal;
import io.backupwebhooks.testing.Template;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole service on one machine, on loopback: dynalite (DynamoDB API) with the template's tables, ElasticMQ (SQS
 * API) with the template's four queues and their dead-letter queues, the four functions as separate processes of the packaged
 * artifact, and what AWS wires around them: an SQS poller for the delivery function (batches of 10, deletes what did
 * not fail), a timer that sends the scan its scheduled event, and an HTTP front door for the admin function with a
 * local account claim. This code lives in the test sources, so nothing of it ships in function.zip.
 */
public final class LocalRun {

    static final String QUEUE = Resolver.QUEUES.get("EventsQueue");
    static final String ALERTS_QUEUE = Resolver.QUEUES.get("MissingAlertsQueue");
    static final String POLICY_QUEUE = Resolver.QUEUES.get("PolicyQueue");
    static final String RESEND_QUEUE = Resolver.QUEUES.get("ResendQueue");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int httpPort = Integer.getInteger("local.port", 8080);
        int sqsPort = Integer.getInteger("local.sqs-port", 9324);
        int dynamoPort = Integer.getInteger("local.dynamodb-port", 8000);
        String account = System.getProperty("local.account", "TEST");
        long scanEvery = Long.getLong("local.scan-seconds", 60);
        int sesPort = Integer.getInteger("local.ses-port", 8005);
        long reportEvery = Long.getLong("local.report-seconds", 60);

        List<AutoCloseable> running = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(running), "local-run-stop"));

        Dynalite dynalite = Dynalite.start(dynamoPort);
        running.add(dynalite);
        try (DynamoDbClient client = dynalite.client()) {
            LocalTables.create(client);
        }
        ElasticMq sqs = new ElasticMq(sqsPort);
        running.add(sqs);
        String queue = createWithDeadLetters(sqs, QUEUE);
        String alerts = createWithDeadLetters(sqs, ALERTS_QUEUE);
        String policies = createWithDeadLetters(sqs, POLICY_QUEUE, 20);
        String resends = createWithDeadLetters(sqs, RESEND_QUEUE);
        Map<String, String> queueUrls =
                Map.of(QUEUE, queue, ALERTS_QUEUE, alerts, POLICY_QUEUE, policies, RESEND_QUEUE, resends);

        // what AWS enforces: each function reaches DynamoDB through its own endpoint of the gate, which allows
        // only what the function's IAM statements in infra/template.yaml allow
        SesLocal ses = SesLocal.start(sesPort);
        running.add(ses);
        AwsGate gate = new AwsGate(
                Template.load(),
                Map.of("dynamodb", dynalite.endpoint(), "sqs", sqs.endpoint(), "ses", ses.endpoint()),
                null);
        running.add(gate);
        Map<String, LocalFunction> functions = new LinkedHashMap<>();
        for (String name : List.of("delivery", "missed-scan", "admin", "report")) {
            // one at a time: the runtime interface client unpacks its native library to one shared path at start
            Sandbox sandbox = Sandbox.of(name, gate.endpoint(AwsGate.functionId(name)), queueUrls);
            LocalFunction f =
                    LocalFunction.start(sandbox, List.of(), line -> System.out.println("[" + name + "] " + line));
            running.add(f);
            functions.put(name, f);
            if (!f.awaitReady(Duration.ofSeconds(60))) {
                throw new IllegalStateException(f.name() + " did not start; see its log above");
            }
        }

        FrontDoor door =
                new FrontDoor(httpPort, account, event -> functions.get("admin").invoke(event));
        running.add(door);
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(4);
        running.add(timers::shutdownNow);
        // the delivery function's four event sources, each its own poller, as Lambda runs one mapping per source
        timers.scheduleWithFixedDelay(
                () -> poll(sqs, queue, QUEUE, functions.get("delivery")), 0, 200, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(
                () -> poll(sqs, alerts, ALERTS_QUEUE, functions.get("delivery")), 0, 200, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(
                () -> poll(sqs, policies, POLICY_QUEUE, functions.get("delivery")), 0, 200, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(
                () -> poll(sqs, resends, RESEND_QUEUE, functions.get("delivery")), 0, 200, TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(() -> scan(functions.get("missed-scan")), scanEvery, scanEvery, TimeUnit.SECONDS);
        timers.scheduleAtFixedRate(() -> scan(functions.get("report")), reportEvery, reportEvery, TimeUnit.SECONDS);

        System.out.printf(
                """

                Backup Webhooks is running locally (Ctrl+C stops it):
                  admin API and Webhooks page  %s   (account claim: %s)
                  SQS API (ElasticMQ)          %s   queues %s, %s, %s, %s
                  DynamoDB API (dynalite)      %s
                  missed-backup scan           every %d s
                  SES API (aws-ses-v2-local)   %s   the emails sent: %s/ (JSON: %s/store)
                  daily report run             every %d s (sends each report once, at its local hour)
                  each function runs with its template's memory, timeout and IAM statements (calls they do not
                  allow are refused, as in AWS); listeners on loopback are allowed here (never in AWS)
                %n""",
                door.url(),
                account,
                sqs.endpoint(),
                queue,
                alerts,
                policies,
                resends,
                dynalite.endpoint(),
                scanEvery,
                ses.endpoint(),
                ses.endpoint(),
                ses.endpoint(),
                reportEvery);
        Thread.currentThread().join();
    }

    /** A queue as the template makes it: visibility 180 s, to its dead-letter queue after 5 receives. */
    static String createWithDeadLetters(ElasticMq sqs, String name) {
        return createWithDeadLetters(sqs, name, 5);
    }

    /** The same, to its dead-letter queue after {@code maxReceiveCount} receives. */
    public static String createWithDeadLetters(ElasticMq sqs, String name, int maxReceiveCount) {
        String dlq = sqs.createQueue(name + "-dlq");
        String dlqArn = sqs.client()
                .getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        return sqs.client()
                .createQueue(b -> b.queueName(name)
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                "180",
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount
                                        + "\"}")))
                .queueUrl();
    }

    /**
     * One round of Lambda's SQS event source mapping: receive, invoke (the records carry the queue's ARN, as
     * {@code name} has in the template), delete all but the failed records. Returns how many records it handed over.
     */
    public static int poll(ElasticMq sqs, String queue, String name, LocalFunction delivery) {
        try {
            List<Message> batch = sqs.client()
                    .receiveMessage(b -> b.queueUrl(queue)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNamesWithStrings("All"))
                    .messages();
            if (batch.isEmpty()) {
                return 0;
            }
            JsonNode response = JSON.readTree(delivery.invoke(ElasticMq.lambdaEvent(Resolver.queueArn(name), batch)));
            Set<String> failed = new HashSet<>();
            response.path("batchItemFailures")
                    .forEach(f -> failed.add(f.path("itemIdentifier").asText()));
            for (Message m : batch) {
                if (!failed.contains(m.messageId())) {
                    sqs.delete(queue, m);
                }
            }
            System.out.printf(
                    "[poller %s] batch of %d: %d done, %d left on the queue for a retry%n",
                    name, batch.size(), batch.size() - failed.size(), failed.size());
            return batch.size();
        } catch (Exception e) {
            System.out.println("[poller " + name + "] " + e.getMessage());
            return 0;
        }
    }

    /** Sends a function its scheduled event (the missed scan, the report run), with now as its time. */
    static void scan(LocalFunction missedScan) {
        try {
            String event = JSON.createObjectNode()
                    .put("version", "0")
                    .put("id", java.util.UUID.randomUUID().toString())
                    .put("detail-type", "Scheduled Event")
                    .put("source", "aws.events")
                    .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                    .toString();
            System.out.println("[timer] " + missedScan.name() + ": " + missedScan.invoke(event));
        } catch (Exception e) {
            System.out.println("[timer] " + e.getMessage());
        }
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }
}
