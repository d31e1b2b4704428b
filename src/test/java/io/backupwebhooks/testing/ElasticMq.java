package io.backupwebhooks.testing;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ (the SQS API) embedded on a loopback port, with what Lambda's SQS event source mapping does around a
 * function: receive a batch, turn it into the Lambda SQS event, and delete what the function did not report failed.
 */
public final class ElasticMq implements AutoCloseable {

    /** The ARN records of the lifecycle-events queue carry (the template's EventsQueue, locally). */
    public static final String EVENTS_ARN = Resolver.queueArn(Resolver.QUEUES.get("EventsQueue"));
    /** The ARN records of the missing-alerts queue carry (the template's MissingAlertsQueue, locally). */
    public static final String ALERTS_ARN = Resolver.queueArn(Resolver.QUEUES.get("MissingAlertsQueue"));
    /** The ARN records of the policy queue carry (the template's PolicyQueue, locally). */
    public static final String POLICIES_ARN = Resolver.queueArn(Resolver.QUEUES.get("PolicyQueue"));
    /** The ARN records of the resend queue carry (the template's ResendQueue, locally). */
    public static final String RESENDS_ARN = Resolver.queueArn(Resolver.QUEUES.get("ResendQueue"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SQSRestServer server;
    private final SqsClient sqs;
    private final int port;

    public ElasticMq() {
        this(0);
    }

    /** ElasticMQ on {@code port} (0: any free port). */
    public ElasticMq(int wanted) {
        server = (wanted == 0
                        ? SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                        : SQSRestServerBuilder.withInterface("127.0.0.1").withPort(wanted))
                .start();
        this.port = server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public SqsClient client() {
        return sqs;
    }

    public String createQueue(String name) {
        return sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")))
                .queueUrl();
    }

    public void send(String queueUrl, String body) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    /**
     * Receives up to {@code max} messages; {@code visibility} is how long they stay hidden (zero: a redelivery can
     * follow at once).
     */
    public List<Message> receive(String queueUrl, int max, Duration visibility) {
        List<Message> messages = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(5);
        while (messages.size() < max && Instant.now().isBefore(deadline)) {
            messages.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(Math.min(10, max - messages.size()))
                            .visibilityTimeout((int) visibility.toSeconds())
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages());
        }
        return messages;
    }

    public void delete(String queueUrl, Message message) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    /** The event Lambda hands to a function for these messages. */
    public static String lambdaEvent(String queueArn, List<Message> messages) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            m.attributesAsStrings().forEach(attributes::put);
            r.putObject("messageAttributes");
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", "us-east-1");
        }
        return event.toString();
    }

    /**
     * A Lambda SQS event of the events queue for bodies that never went through a queue (messageIds {@code m0},
     * {@code m1}, ...).
     */
    public static String lambdaEventOf(List<String> bodies) {
        return lambdaEventOf(EVENTS_ARN, bodies);
    }

    /** The same from the queue {@code queueArn}. */
    public static String lambdaEventOf(String queueArn, List<String> bodies) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            messages.add(Message.builder()
                    .messageId("m" + i)
                    .receiptHandle("r" + i)
                    .body(bodies.get(i))
                    .md5OfBody("")
                    .build());
        }
        return lambdaEvent(queueArn, messages);
    }

    /** Creates the template's queues under their local names ({@link Resolver#QUEUES}); returns name to URL. */
    public Map<String, String> createTemplateQueues() {
        Map<String, String> urls = new java.util.LinkedHashMap<>();
        for (String name : new java.util.TreeSet<>(Resolver.QUEUES.values())) {
            urls.put(name, createQueue(name));
        }
        return urls;
    }

    /** Messages on the queue, visible or in flight (approximate, as SQS counts them). */
    public int drainable(String queueUrl) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Takes every message now on the queue off it (each receive waits at most 1 s for more). */
    public List<Message> drain(String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl)
                    .entries(batch.stream()
                            .map(m -> software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder()
                                    .id(Integer.toString(batch.indexOf(m)))
                                    .receiptHandle(m.receiptHandle())
                                    .build())
                            .toList()));
        }
    }

    @Override
    public void close() {
        sqs.close();
        server.stopAndWait();
    }
}
