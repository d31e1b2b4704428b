package io.backupwebhooks.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Starts dynalite with the service's tables for a Quarkus test, and points the DynamoDB client at it. */
public class DynaliteResource implements QuarkusTestResourceLifecycleManager {

    private Dynalite dynalite;

    @Override
    public Map<String, String> start() {
        dynalite = Dynalite.start();
        try (DynamoDbClient client = dynalite.client()) {
            LocalTables.create(client);
        }
        Map<String, String> config = new HashMap<>(LocalTables.NAMES);
        config.put("quarkus.dynamodb.endpoint-override", dynalite.endpoint());
        config.put("quarkus.dynamodb.aws.region", "us-east-1");
        config.put("quarkus.dynamodb.aws.credentials.type", "static");
        config.put("quarkus.dynamodb.aws.credentials.static-provider.access-key-id", "local");
        config.put("quarkus.dynamodb.aws.credentials.static-provider.secret-access-key", "local");
        return config;
    }

    @Override
    public void stop() {
        if (dynalite != null) {
            dynalite.close();
        }
    }
}
