package io.backupwebhooks.testing;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The service's tables, as infra/template.yaml declares them, created in a local DynamoDB API. */
public final class LocalTables {

    public static final Map<String, String> NAMES = Map.of(
            "backup-webhooks.tables.subscriptions", "subscriptions",
            "backup-webhooks.tables.deliveries", "deliveries",
            "backup-webhooks.tables.starts", "starts",
            "backup-webhooks.tables.policies", "policies",
            "backup-webhooks.tables.server-policies", "server-policies");

    private LocalTables() {
    }

    public static void create(DynamoDbClient dynamo) {
        dynamo.createTable(b -> b.tableName("subscriptions").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("account", ScalarAttributeType.S), attr("eventType", ScalarAttributeType.S))
                .keySchema(key("account", KeyType.HASH), key("eventType", KeyType.RANGE)));
        dynamo.createTable(b -> b.tableName("deliveries").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("eventId", ScalarAttributeType.S), attr("target", ScalarAttributeType.S),
                        attr("attemptedAt", ScalarAttributeType.N))
                .keySchema(key("eventId", KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byTarget")
                        .keySchema(key("target", KeyType.HASH), key("attemptedAt", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        dynamo.createTable(b -> b.tableName("starts").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("serverPolicy", ScalarAttributeType.S),
                        attr("startedAt", ScalarAttributeType.N))
                .keySchema(key("serverPolicy", KeyType.HASH), key("startedAt", KeyType.RANGE)));
        dynamo.createTable(b -> b.tableName("policies").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("account", ScalarAttributeType.S),
                        attr("accountPolicyId", ScalarAttributeType.S))
                .keySchema(key("account", KeyType.HASH), key("accountPolicyId", KeyType.RANGE)));
        dynamo.createTable(b -> b.tableName("server-policies").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("policy", ScalarAttributeType.S), attr("serverPolicyId", ScalarAttributeType.S),
                        attr("shard", ScalarAttributeType.S), attr("nextCheckAt", ScalarAttributeType.N))
                .keySchema(key("policy", KeyType.HASH), key("serverPolicyId", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("due")
                        .keySchema(key("shard", KeyType.HASH), key("nextCheckAt", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
    }

    private static AttributeDefinition attr(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
