package io.backupwebhooks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The gate decides as IAM does, on the resources as AWS names them, and answers a refusal as AWS does. */
class AwsGateTest {

    private static Dynalite dynalite;
    private static DynamoDbClient direct;
    private static AwsGate gate;

    @BeforeAll
    static void start() {
        dynalite = Dynalite.start();
        direct = dynalite.client();
        LocalTables.create(direct);
        gate = new AwsGate(Template.load(), Map.of("dynamodb", dynalite.endpoint()), null);
    }

    @AfterAll
    static void stop() {
        gate.close();
        direct.close();
        dynalite.close();
    }

    @Test
    void
            givenDeliveryGrants_whenItReadsASubscriptionAndThenUpdatesOne_thenTheReadPassesAndTheUpdateIsDeniedAsAwsDeniesIt() {
        try (DynamoDbClient delivery = client("DeliveryFunction")) {
            assertFalse(delivery.getItem(b -> b.tableName("subscriptions").key(key()))
                    .hasItem());

            DynamoDbException denied = assertThrows(
                    DynamoDbException.class,
                    () -> delivery.updateItem(b -> b.tableName("subscriptions")
                            .key(key())
                            .updateExpression("SET #u = :u")
                            .expressionAttributeNames(Map.of("#u", "url"))
                            .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("http://example.com/")))));

            assertEquals(400, denied.statusCode());
            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
            assertTrue(
                    denied.getMessage()
                            .contains("is not authorized to perform: dynamodb:UpdateItem on resource: "
                                    + "arn:aws:dynamodb:us-east-1:000000000000:table/subscriptions"),
                    denied.getMessage());
            assertFalse(
                    direct.getItem(b -> b.tableName("subscriptions").key(key())).hasItem(), "nothing written");
        }
    }

    @Test
    void givenABatchWriteOverTwoTables_whenTheFunctionMayWriteOnlyOne_thenTheWholeBatchIsDeniedNamingTheOther() {
        try (DynamoDbClient delivery = client("DeliveryFunction")) {
            Map<String, AttributeValue> record = Map.of("eventId", AttributeValue.fromS("evt_gate"));
            Map<String, AttributeValue> policy =
                    Map.of("account", AttributeValue.fromS("GATE"), "accountPolicyId", AttributeValue.fromS("p1"));

            DynamoDbException denied = assertThrows(
                    DynamoDbException.class,
                    () -> delivery.batchWriteItem(b -> b.requestItems(
                            Map.of("deliveries", List.of(put(record)), "policies", List.of(put(policy))))));

            assertTrue(
                    denied.getMessage()
                            .contains("dynamodb:BatchWriteItem on resource: "
                                    + "arn:aws:dynamodb:us-east-1:000000000000:table/policies"),
                    denied.getMessage());
            assertFalse(
                    direct.getItem(b -> b.tableName("deliveries").key(record)).hasItem(), "nothing written");
        }
    }

    @Test
    void givenAGrantOnATable_whenTheFunctionQueriesOneOfItsIndexes_thenTheIndexNeedsItsOwnGrant() {
        try (DynamoDbClient admin = client("AdminFunction");
                DynamoDbClient scan = client("MissedScanFunction")) {
            // admin may Query the server-policies table, not its due index; the scan may query only the index
            DynamoDbException denied = assertThrows(
                    DynamoDbException.class,
                    () -> admin.query(b -> b.tableName("server-policies")
                            .indexName("due")
                            .keyConditionExpression("#s = :s")
                            .expressionAttributeNames(Map.of("#s", "shard"))
                            .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("0")))));
            assertTrue(denied.getMessage().contains("table/server-policies/index/due"), denied.getMessage());
            assertEquals(
                    0,
                    scan.query(b -> b.tableName("server-policies")
                                    .indexName("due")
                                    .keyConditionExpression("#s = :s")
                                    .expressionAttributeNames(Map.of("#s", "shard"))
                                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("0"))))
                            .count());
        }
    }

    @Test
    void givenAnExplicitDeny_whenAnAllowAlsoMatches_thenTheDenyWins() {
        Template template = oneFunction("""
                - Effect: Allow
                  Action: ["dynamodb:Get*"]
                  Resource: "*"
                - Effect: Deny
                  Action: dynamodb:GetItem
                  Resource: !Sub "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/starts"
                """);
        try (AwsGate own = new AwsGate(template, Map.of("dynamodb", dynalite.endpoint()), null);
                DynamoDbClient one = client(own.endpoint("OneFunction"))) {
            Map<String, AttributeValue> subscription = key();
            assertFalse(one.getItem(b -> b.tableName("subscriptions").key(subscription))
                    .hasItem());
            Map<String, AttributeValue> start =
                    Map.of("serverPolicy", AttributeValue.fromS("A#1"), "startedAt", AttributeValue.fromN("1"));
            assertThrows(
                    DynamoDbException.class,
                    () -> one.getItem(b -> b.tableName("starts").key(start)));
            assertEquals(1, own.denied().size());
        }
    }

    @Test
    void givenASandboxedSesAccount_whenTheReportSends_thenTheFromAndEveryRecipientsIdentityNeedTheGrant()
            throws Exception {
        String request = "{\"FromEmailAddress\":\"Reports <reports@example.com>\",\"Destination\":{"
                + "\"ToAddresses\":[\"ops@customer.example.org\"]},\"Content\":{}}";
        AwsGate.Need need = AwsGate.sesNeed(
                "POST", "/v2/email/outbound-emails", request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> resources = need.permissions().stream().map(p -> p[1]).toList();
        assertEquals(
                List.of(
                        Resolver.sesIdentityArn("reports@example.com")
                                + AwsGate.ALTERNATIVE
                                + Resolver.sesIdentityArn("example.com"),
                        Resolver.sesIdentityArn("ops@customer.example.org")
                                + AwsGate.ALTERNATIVE
                                + Resolver.sesIdentityArn("customer.example.org")),
                resources);
        // the template's grant covers both; a grant on the sender's identity alone (the old one) not the recipient's
        IamPolicy report = IamPolicy.of(new Resolver(Template.load(), Map.of()), "ReportFunction");
        for (String alternatives : resources) {
            assertTrue(
                    java.util.Arrays.stream(alternatives.split(java.util.regex.Pattern.quote(AwsGate.ALTERNATIVE)))
                            .anyMatch(r -> report.allows("ses:SendEmail", r)),
                    alternatives);
        }
        IamPolicy.Statement senderOnly = new IamPolicy.Statement(
                true, List.of("ses:SendEmail"), List.of(Resolver.sesIdentityArn("example.com")));
        assertTrue(senderOnly.matches("ses:SendEmail", Resolver.sesIdentityArn("example.com")));
        assertFalse(senderOnly.matches("ses:SendEmail", Resolver.sesIdentityArn("customer.example.org")));
        assertFalse(senderOnly.matches("ses:SendEmail", Resolver.sesIdentityArn("ops@customer.example.org")));
    }

    @Test
    void givenTheAlertsQueuePolicy_whenAnotherFunctionSendsEvenWithAGrant_thenTheQueueDeniesIt() throws Exception {
        // the template as it is: the queue policy names every function's role but the scan's
        List<AwsGate.QueueDeny> denies = AwsGate.queueDenies(Template.load());
        String alerts = Resolver.queueArn(Resolver.QUEUES.get("MissingAlertsQueue"));
        for (String function : List.of("DeliveryFunction", "AdminFunction", "ReportFunction")) {
            assertTrue(denies.stream().anyMatch(d -> d.denies(function, "sqs:SendMessage", alerts)), function);
        }
        assertFalse(denies.stream().anyMatch(d -> d.denies("MissedScanFunction", "sqs:SendMessage", alerts)));
        // a copy that grants the delivery function SendMessage on the alerts queue: the queue's Deny still wins
        String yaml = java.nio.file.Files.readString(Template.PATH)
                .replace(
                        "              Action: [dynamodb:BatchWriteItem]\n              Resource: !GetAtt OutcomesTable.Arn\n",
                        "              Action: [dynamodb:BatchWriteItem]\n              Resource: !GetAtt OutcomesTable.Arn\n"
                                + "            - Effect: Allow\n              Action: [sqs:SendMessage]\n"
                                + "              Resource: !GetAtt MissingAlertsQueue.Arn\n");
        Template granted = Template.parse(yaml);
        assertTrue(
                IamPolicy.of(new Resolver(granted, Map.of()), "DeliveryFunction")
                        .allows("sqs:SendMessage", alerts),
                "the copy grants it");
        try (AwsGate withGrant = new AwsGate(granted, Map.of(), null)) {
            String queueUrl =
                    "http://sqs.us-east-1.localhost/000000000000/" + Resolver.QUEUES.get("MissingAlertsQueue");
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create(withGrant.endpoint("DeliveryFunction")))
                                    .header("Content-Type", "application/x-amz-json-1.0")
                                    .header("X-Amz-Target", "AmazonSQS.SendMessage")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                            "{\"QueueUrl\":\"" + queueUrl + "\",\"MessageBody\":\"{}\"}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(400, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("sqs:SendMessage"), answer.body());
            assertTrue(
                    withGrant.denied().stream().anyMatch(c -> c.functionId().equals("DeliveryFunction")),
                    withGrant.denied().toString());
        }
    }

    @Test
    void givenAStatementWithACondition_whenTheGateLoads_thenItRefusesRatherThanGuess() {
        Template template = oneFunction("""
                - Effect: Allow
                  Action: dynamodb:GetItem
                  Resource: "*"
                  Condition: {StringEquals: {"aws:RequestedRegion": us-east-1}}
                """);
        assertThrows(UnsupportedOperationException.class, () -> new AwsGate(template, Map.of(), null));
    }

    /** A template with one function, OneFunction, whose one inline policy has {@code statements} (a YAML list). */
    private static Template oneFunction(String statements) {
        return Template.parse("""
                Resources:
                  OneFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies:
                        - Statement:
                """ + statements.indent(12));
    }

    private static DynamoDbClient client(String functionIdOrEndpoint) {
        String endpoint =
                functionIdOrEndpoint.startsWith("http") ? functionIdOrEndpoint : gate.endpoint(functionIdOrEndpoint);
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static Map<String, AttributeValue> key() {
        return Map.of("account", AttributeValue.fromS("GATE"), "eventType", AttributeValue.fromS("SUCCESS"));
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item).build())
                .build();
    }
}
