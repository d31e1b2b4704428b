package io.backupwebhooks.testing;

import static io.backupwebhooks.testing.Template.list;
import static io.backupwebhooks.testing.Template.map;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

/**
 * The service's tables, created in a local DynamoDB API from their declarations in infra/template.yaml (keys,
 * attribute types, global secondary indexes), so that the tests run against the deployed schema.
 */
public final class LocalTables {

    /**
     * The service's table settings ({@code backup-webhooks.tables.*}) pointed at the local tables: each local name
     * ({@link Resolver#TABLES}) is also the setting's own name.
     */
    public static final Map<String, String> NAMES = Resolver.TABLES.values().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(
                    name -> "backup-webhooks.tables." + name, name -> name));

    private LocalTables() {}

    public static void create(DynamoDbClient dynamo) {
        Template template = Template.load();
        Resolver.TABLES.forEach((logicalId, name) -> dynamo.createTable(request(name, template.properties(logicalId))));
    }

    /** PAY_PER_REQUEST as in the template; PITR, SSE and TTL are left out (dynalite ignores them). */
    private static CreateTableRequest request(String name, Map<String, Object> table) {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(list(table.get("AttributeDefinitions")).stream()
                        .map(Template::map)
                        .map(a -> AttributeDefinition.builder()
                                .attributeName((String) a.get("AttributeName"))
                                .attributeType((String) a.get("AttributeType"))
                                .build())
                        .toList())
                .keySchema(keySchema(table.get("KeySchema")));
        List<GlobalSecondaryIndex> indexes = list(table.get("GlobalSecondaryIndexes")).stream()
                .map(Template::map)
                .map(i -> GlobalSecondaryIndex.builder()
                        .indexName((String) i.get("IndexName"))
                        .keySchema(keySchema(i.get("KeySchema")))
                        .projection(projection(map(i.get("Projection"))))
                        .build())
                .toList();
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        return request.build();
    }

    private static List<KeySchemaElement> keySchema(Object schema) {
        return list(schema).stream()
                .map(Template::map)
                .map(k -> KeySchemaElement.builder()
                        .attributeName((String) k.get("AttributeName"))
                        .keyType((String) k.get("KeyType"))
                        .build())
                .toList();
    }

    private static Projection projection(Map<String, Object> projection) {
        Projection.Builder builder = Projection.builder().projectionType((String) projection.get("ProjectionType"));
        if (projection.containsKey("NonKeyAttributes")) {
            builder.nonKeyAttributes(list(projection.get("NonKeyAttributes")).stream()
                    .map(String::valueOf)
                    .toList());
        }
        return builder.build();
    }
}
