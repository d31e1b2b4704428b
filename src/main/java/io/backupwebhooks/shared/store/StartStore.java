package io.backupwebhooks.shared.store;

import static io.backupwebhooks.shared.store.Items.n;
import static io.backupwebhooks.shared.store.Items.s;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.config.ServiceConfig;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The starts table: key {@code serverPolicy} (hash: {@code account#serverPolicyId}, so that one account's events
 * never count for another's policy) + {@code startedAt} (range, epoch milliseconds), so that the scan asks for one
 * server policy's starts in a time window with one Query. {@code expiresAt} (epoch seconds) is
 * the TTL attribute: starts are needed for a little over a day, kept for {@link #KEEP}.
 */
@ApplicationScoped
public class StartStore {

    static final Duration KEEP = Duration.ofDays(8);

    private final DynamoDbClient dynamo;
    private final String table;

    StartStore(DynamoDbClient dynamo, ServiceConfig config) {
        this.dynamo = dynamo;
        this.table = config.tables().starts();
    }

    public void record(Start start) {
        dynamo.putItem(b -> b.tableName(table).item(item(start)));
    }

    /** The write that records {@code start}, for a caller that batches it with other writes. */
    public StoreWrite recordWrite(Start start) {
        return StoreWrite.put(table, item(start));
    }

    private static Map<String, AttributeValue> item(Start start) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("serverPolicy", s(key(start.account(), start.serverPolicyId())));
        item.put("serverPolicyId", s(start.serverPolicyId()));
        item.put("startedAt", n(start.startedAt().toEpochMilli()));
        item.put("account", s(start.account()));
        item.put("server", s(start.server()));
        item.put("accountPolicyId", s(start.accountPolicyId()));
        if (start.restorePointId() != null) {
            item.put("restorePointId", s(start.restorePointId()));
        }
        item.put("expiresAt", n(start.startedAt().plus(KEEP).getEpochSecond()));
        return item;
    }

    /** Start times of an account's server policy within [from, to], oldest first. */
    public List<Instant> startsBetween(String account, String serverPolicyId, Instant from, Instant to) {
        return dynamo
                .queryPaginator(b -> b.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("serverPolicy = :p AND startedAt BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(
                                ":p",
                                s(key(account, serverPolicyId)),
                                ":from",
                                n(from.toEpochMilli()),
                                ":to",
                                n(to.toEpochMilli())))
                        .projectionExpression("startedAt"))
                .items()
                .stream()
                .map(item -> Items.instant(item, "startedAt"))
                .toList();
    }

    /** The latest recorded start of an account's server policy (starts are kept 8 days), if any. */
    public java.util.Optional<Instant> latest(String account, String serverPolicyId) {
        return dynamo
                .query(b -> b.tableName(table)
                        .keyConditionExpression("serverPolicy = :p")
                        .expressionAttributeValues(Map.of(":p", s(key(account, serverPolicyId))))
                        .scanIndexForward(false)
                        .limit(1)
                        .projectionExpression("startedAt"))
                .items()
                .stream()
                .findFirst()
                .map(item -> Items.instant(item, "startedAt"));
    }

    private static String key(String account, String serverPolicyId) {
        return account + "#" + serverPolicyId;
    }
}
