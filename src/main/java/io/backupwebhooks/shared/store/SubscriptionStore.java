package io.backupwebhooks.shared.store;

import static io.backupwebhooks.shared.store.Items.bool;
import static io.backupwebhooks.shared.store.Items.instant;
import static io.backupwebhooks.shared.store.Items.n;
import static io.backupwebhooks.shared.store.Items.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.config.ServiceConfig;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

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
        return Items.partition(dynamo, table, "account", account)
                .map(SubscriptionStore::fromItem)
                .toList();
    }

    public void put(Subscription subscription) {
        dynamo.putItem(b -> b.tableName(table).item(toItem(subscription)));
    }

    /** Creates the subscription unless the account has one for that event type already; false then. */
    public boolean create(Subscription subscription) {
        return Items.conditionalWrite(() -> dynamo.putItem(b ->
                b.tableName(table).item(toItem(subscription)).conditionExpression("attribute_not_exists(account)")));
    }

    /** Changes only the target of an existing subscription (its secrets are untouched); empty when there is none. */
    public Optional<Subscription> updateTarget(
            String account, EventType eventType, String url, boolean enabled, Instant now) {
        return Items.conditionalUpdate(() -> fromItem(dynamo.updateItem(b -> b.tableName(table)
                        .key(key(account, eventType))
                        .updateExpression("SET #u = :u, #e = :e, updatedAt = :t")
                        .conditionExpression("attribute_exists(account)")
                        .expressionAttributeNames(Map.of("#u", "url", "#e", "enabled"))
                        .expressionAttributeValues(
                                Map.of(":u", s(url), ":e", bool(enabled), ":t", n(now.toEpochMilli())))
                        .returnValues(ReturnValue.ALL_NEW))
                .attributes()));
    }

    /**
     * Makes {@code secret} the signing secret if {@code current} still is (null: there is none), keeping
     * {@code current} valid until {@code previousExpiresAt} (null: not at all, any previous secret ends now); false
     * when another change came first.
     */
    public boolean rotateSecret(
            String account,
            EventType eventType,
            String current,
            String secret,
            Instant previousExpiresAt,
            Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":s", s(secret), ":t", n(now.toEpochMilli())));
        String update;
        String condition;
        if (current == null) {
            update = "SET #s = :s, updatedAt = :t REMOVE previousSecret, previousSecretExpiresAt";
            condition = "attribute_exists(account) AND attribute_not_exists(#s)";
        } else if (previousExpiresAt == null) { // the previous secret ends now
            update = "SET #s = :s, updatedAt = :t REMOVE previousSecret, previousSecretExpiresAt";
            condition = "#s = :c";
            values.put(":c", s(current));
        } else {
            update = "SET #s = :s, previousSecret = :c, previousSecretExpiresAt = :x, updatedAt = :t";
            condition = "#s = :c";
            values.put(":c", s(current));
            values.put(":x", n(previousExpiresAt.toEpochMilli()));
        }
        return Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(key(account, eventType))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#s", "secret"))
                .expressionAttributeValues(values)));
    }

    /** Removes the subscription; false when there was none. */
    public boolean delete(String account, EventType eventType) {
        return Items.delete(dynamo, table, key(account, eventType));
    }

    private static Map<String, AttributeValue> key(String account, EventType eventType) {
        return Map.of("account", s(account), "eventType", s(eventType.name()));
    }

    /** The item this store writes for {@code sub}, a mutable map. */
    public static Map<String, AttributeValue> toItem(Subscription sub) {
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
        return new Subscription(
                s(item, "account"),
                EventType.valueOf(s(item, "eventType")),
                s(item, "url"),
                bool(item, "enabled"),
                s(item, "secret"),
                s(item, "previousSecret"),
                instant(item, "previousSecretExpiresAt"),
                instant(item, "createdAt"),
                instant(item, "updatedAt"));
    }
}
