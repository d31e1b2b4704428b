package io.backupwebhooks.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import io.backupwebhooks.local.LocalFunction;
import io.backupwebhooks.testing.LocalTables;
import io.backupwebhooks.testing.Project;
import io.backupwebhooks.testing.Resolver;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.Template;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * End to end in LocalStack (where Docker is available; skipped where it is not): the tables, the events queue and
 * the delivery function from target/function.zip in JVM mode on java21, wired with an SQS event source mapping that
 * reports batch item failures. One completion and one start go through the queue.
 */
class LocalStackIT {

    private static LocalStackContainer localstack;
    private static DynamoDbClient dynamo;
    private static SqsClient sqs;
    private static LambdaClient lambda;

    private static void start() {
        localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4.0"))
                .withServices("lambda", "sqs", "dynamodb")
                .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock");
        localstack.start();
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
        Region region = Region.of(localstack.getRegion());
        dynamo = DynamoDbClient.builder()
                .endpointOverride(localstack.getEndpoint())
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        sqs = SqsClient.builder()
                .endpointOverride(localstack.getEndpoint())
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        lambda = LambdaClient.builder()
                .endpointOverride(localstack.getEndpoint())
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofMinutes(3)))
                .build();
    }

    @AfterAll
    static void stop() {
        if (localstack != null) {
            localstack.stop();
        }
    }

    @Test
    void givenDeployedQueueTablesAndDeliveryFunction_whenEventsAreQueued_thenTheyAreRecordedAndTheQueueEmpties()
            throws Exception {
        Assumptions.assumeTrue(
                DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine here: the LocalStack test is skipped (it runs where Docker is available)");
        start();
        LocalTables.create(dynamo);
        String queue = sqs.createQueue(b ->
                        b.queueName("backup-events").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "181")))
                .queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        // the template's variables for the delivery function; Lambda (here LocalStack's) sets its own
        Map<String, String> env =
                new java.util.HashMap<>(new Resolver(Template.load()).environment("DeliveryFunction"));
        env.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", "http://localhost.localstack.cloud:4566");
        byte[] zip = Files.readAllBytes(Project.path("target", "function.zip"));
        lambda.createFunction(b -> b.functionName("delivery")
                .runtime(Runtime.JAVA21)
                .handler(LocalFunction.HANDLER)
                .role("arn:aws:iam::000000000000:role/delivery")
                .timeout(30)
                .memorySize(1024)
                .environment(e -> e.variables(env))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("delivery"));
        lambda.createEventSourceMapping(b -> b.functionName("delivery")
                .eventSourceArn(queueArn)
                .batchSize(10)
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));
        Instant now = Instant.now();
        // a target the public-address rule refuses before connecting: the attempt is recorded, nothing is sent
        dynamo.putItem(b -> b.tableName("subscriptions")
                .item(Map.of(
                        "account",
                        s("TEST"),
                        "eventType",
                        s("SUCCESS"),
                        "url",
                        s("http://169.254.169.254/latest/meta-data/"),
                        "enabled",
                        AttributeValue.fromBool(true),
                        "createdAt",
                        n(now.toEpochMilli()),
                        "updatedAt",
                        n(now.toEpochMilli()))));

        sqs.sendMessage(b -> b.queueUrl(queue).messageBody(Samples.read("events/backup-success.json")));
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody(Samples.read("events/backup-started.json")));

        Map<String, AttributeValue> delivery = await(() -> {
            var items = dynamo.scan(b -> b.tableName("deliveries")).items();
            return items.isEmpty() ? null : items.get(0);
        });
        assertEquals("BLOCKED", delivery.get("outcome").s());
        assertEquals("DONE", delivery.get("state").s());
        assertTrue(await(() -> dynamo.scan(b -> b.tableName("starts")).count() == 1 ? Boolean.TRUE : null));
        assertTrue(await(() -> "0"
                        .equals(sqs
                                .getQueueAttributes(b -> b.queueUrl(queue)
                                        .attributeNames(
                                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                                .attributesAsStrings()
                                .values()
                                .stream()
                                .reduce("0", (a, v) -> Integer.toString(Integer.parseInt(a) + Integer.parseInt(v))))
                ? Boolean.TRUE
                : null));
    }

    private static <T> T await(Supplier<T> probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("not within 3 minutes");
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
