package io.backupwebhooks.shared.store;

import static io.backupwebhooks.shared.store.Items.bool;
import static io.backupwebhooks.shared.store.Items.instant;
import static io.backupwebhooks.shared.store.Items.n;
import static io.backupwebhooks.shared.store.Items.s;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.config.ServiceConfig;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The subscriptions table: key {@code account} (hash) + {@code eventType} (range). */
@ApplicationScoped
public class SubscriptionStore {

    private final DynamoDbClient dynamo;
    private final String table;

    SubscriptionStore(DynamoDbClient dynamo, ServiceConfig config) {
        this.dynamo = dynamo;
        this.table = config.tables().subscriptions();
    }

    public Optional<Subscription> find(String account, EventType eventType) {
        return Items.get(dynamo, table, key(account, eventType)).map(SubscriptionStore::fromItem);
    }

    public List<Subscription> list(String account) {
        return Items.partition(dynamo, table, "account", account).map(SubscriptionStore::fromItem).toList();
    }

    public void put(Subscription subscription) {
        dynamo.putItem(b -> b.tableName(table).item(toItem(subscription)));
    }

    /** Removes the subscription; false when there was none. */
    public boolean delete(String account, EventType eventType) {
        return Items.delete(dynamo, table, key(account, eventType));
    }

    private static Map<String, AttributeValue> key(String account, EventType eventType) {
        return Map.of("account", s(account), "eventType", s(eventType.name()));
    }

    static Map<String, AttributeValue> toItem(Subscription sub) {
        Map<String, AttributeValue> item = new HashMap<>(key(sub.account(), sub.eventType()));
        item.put("url", s(sub.url()));
        item.put("enabled", bool(sub.enabled()));
        item.put("createdAt", n(sub.createdAt().toEpochMilli()));
        item.put("updatedAt", n(sub.updatedAt().toEpochMilli()));
        if (sub.secret() != null) {
            item.put("secret", s(sub.secret()));
        }
        if (sub.previousSecret() != null) {
            item.put("previousSecret", s(sub.previousSecret()));
            item.put("previousSecretExpiresAt", n(sub.previousSecretExpiresAt().toEpochMilli()));
        }
        return item;
    }

    static Subscription fromItem(Map<String, AttributeValue> item) {
        return new Subscription(s(item, "account"), EventType.valueOf(s(item, "eventType")), s(item, "url"),
                bool(item, "enabled"), s(item, "secret"), s(item, "previousSecret"),
                instant(item, "previousSecretExpiresAt"), instant(item, "createdAt"), instant(item, "updatedAt"));
    }
}
