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
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.config.ServiceConfig;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The server-policies table: key {@code policy} (hash: {@code account#accountPolicyId}) + {@code serverPolicyId}
 * (range). The sparse index {@value #DUE} (hash {@code shard}, range {@code nextCheckAt}) holds the enabled ones
 * only, spread over {@value #SHARDS} shards so that no single key caps the scan's read rate; the scan asks each shard
 * for {@code nextCheckAt <= now} and so reads only what is due.
 */
@ApplicationScoped
public class ServerPolicyStore {

    public static final String DUE = "due";
    public static final int SHARDS = 16;
    private static final int PAGE = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final String policiesTable;

    ServerPolicyStore(DynamoDbClient dynamo, ServiceConfig config) {
        this.dynamo = dynamo;
        this.table = config.tables().serverPolicies();
        this.policiesTable = config.tables().policies();
    }

    /** A server policy and its account policy as one consistent read found them (either may be absent). */
    public record WithAccountPolicy(Optional<ServerPolicy> server, Optional<AccountPolicy> accountPolicy) {}

    /**
     * The server policy and its account policy in one request (BatchGetItem over both tables, read consistently):
     * what the feed needs to apply a server policy message.
     */
    public WithAccountPolicy findWithAccountPolicy(String account, String accountPolicyId, String serverPolicyId) {
        Map<String, KeysAndAttributes> request = new HashMap<>(Map.of(
                table,
                KeysAndAttributes.builder()
                        .keys(key(account, accountPolicyId, serverPolicyId))
                        .consistentRead(true)
                        .build(),
                policiesTable,
                KeysAndAttributes.builder()
                        .keys(AccountPolicyStore.key(account, accountPolicyId))
                        .consistentRead(true)
                        .build()));
        Map<String, List<Map<String, AttributeValue>>> found = new HashMap<>();
        for (int round = 0; !request.isEmpty(); round++) {
            if (round == 8) {
                throw new IllegalStateException("DynamoDB left keys unprocessed after 8 rounds");
            }
            BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(request));
            response.responses()
                    .forEach((t, items) -> found.computeIfAbsent(t, x -> new java.util.ArrayList<>())
                            .addAll(items));
            request.clear();
            request.putAll(response.unprocessedKeys());
        }
        return new WithAccountPolicy(
                found.getOrDefault(table, List.of()).stream().findFirst().map(ServerPolicyStore::fromItem),
                found.getOrDefault(policiesTable, List.of()).stream()
                        .findFirst()
                        .map(AccountPolicyStore::fromItem));
    }

    public Optional<ServerPolicy> find(String account, String accountPolicyId, String serverPolicyId) {
        return Items.get(dynamo, table, key(account, accountPolicyId, serverPolicyId))
                .map(ServerPolicyStore::fromItem);
    }

    /** One page of an account policy's live server policies, by id; {@code next}: where the next page starts. */
    public record Page(List<ServerPolicy> servers, String next) {}

    /** Up to {@code limit} live server policies after {@code after} (null: from the first), by id. */
    public Page page(String account, String accountPolicyId, int limit, String after) {
        Map<String, AttributeValue> start = after == null ? null : key(account, accountPolicyId, after);
        List<ServerPolicy> found = new java.util.ArrayList<>();
        Map<String, AttributeValue> last = start;
        do {
            Map<String, AttributeValue> from = last;
            var response = dynamo.query(b -> b.tableName(table)
                    .keyConditionExpression("#p = :p")
                    .filterExpression("attribute_not_exists(deleted)")
                    .expressionAttributeNames(Map.of("#p", "policy"))
                    .expressionAttributeValues(Map.of(":p", s(policyKey(account, accountPolicyId))))
                    .exclusiveStartKey(from)
                    .limit(limit - found.size()));
            response.items().forEach(i -> found.add(fromItem(i)));
            last = response.hasLastEvaluatedKey()
                            && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
        } while (last != null && found.size() < limit);
        return new Page(found, last == null ? null : s(last, "serverPolicyId"));
    }

    /** The live server policies of an account policy. */
    public List<ServerPolicy> list(String account, String accountPolicyId) {
        return listAll(account, accountPolicyId).stream()
                .filter(ServerPolicy::live)
                .toList();
    }

    /** The server policies of an account policy, the feed's tombstones included. */
    public List<ServerPolicy> listAll(String account, String accountPolicyId) {
        return Items.partition(dynamo, table, "policy", policyKey(account, accountPolicyId))
                .map(ServerPolicyStore::fromItem)
                .toList();
    }

    /** How many server policies {@code account} has under these account policies (COUNT queries, page by page). */
    public long count(String account, java.util.Collection<String> accountPolicyIds) {
        long count = 0;
        for (String accountPolicyId : accountPolicyIds) {
            for (var page : dynamo.queryPaginator(b -> b.tableName(table)
                    .select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT)
                    .keyConditionExpression("#p = :p")
                    .filterExpression("attribute_not_exists(deleted)")
                    .expressionAttributeNames(Map.of("#p", "policy"))
                    .expressionAttributeValues(Map.of(":p", s(policyKey(account, accountPolicyId)))))) {
                count += page.count();
            }
        }
        return count;
    }

    /** The server policies of one shard whose next check is due at {@code now}, earliest first, read page by page. */
    public Stream<ServerPolicy> due(int shard, Instant now) {
        return dynamo
                .queryPaginator(b -> b.tableName(table)
                        .indexName(DUE)
                        .limit(PAGE)
                        .keyConditionExpression("#s = :s AND nextCheckAt <= :now")
                        .expressionAttributeNames(Map.of("#s", "shard"))
                        .expressionAttributeValues(Map.of(":s", s(shardName(shard)), ":now", n(now.toEpochMilli()))))
                .items()
                .stream()
                .map(ServerPolicyStore::fromItem);
    }

    /**
     * Writes the policy if nobody wrote it since it was read at {@code policy.version()} (0 for a new one); the
     * stored version becomes one more. False when another write came first.
     */
    public boolean put(ServerPolicy policy) {
        Map<String, AttributeValue> item = toItem(policy);
        item.put("version", n(policy.version() + 1));
        return Items.conditionalWrite(() -> dynamo.putItem(b -> b.tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(serverPolicyId) OR version = :v")
                .expressionAttributeValues(Map.of(":v", n(policy.version())))));
    }

    /**
     * Writes a server policy of the feed: only if its feed version is higher than the stored one's, nobody wrote the
     * item since it was read at {@code policy.version()} (0 for a new one) and its resynchronisation mark is still
     * {@code readSyncId} (marking does not count as a write). False when any is not so.
     */
    public boolean putFeed(ServerPolicy policy, String readSyncId) {
        Map<String, AttributeValue> item = toItem(policy);
        item.put("version", n(policy.version() + 1));
        Map<String, AttributeValue> values = new HashMap<>(
                Map.of(":v", n(policy.version()), ":fv", n(policy.feed().version())));
        String condition = "(attribute_not_exists(serverPolicyId) OR version = :v) AND " + Items.NEWER_FEED_VERSION
                + " AND " + Items.sameSyncMark(readSyncId, values);
        return Items.conditionalWrite(() -> dynamo.putItem(b ->
                b.tableName(table).item(item).conditionExpression(condition).expressionAttributeValues(values)));
    }

    /** Marks a stored feed server policy as part of the resynchronisation {@code syncId}; false when not there. */
    public boolean markSync(String account, String accountPolicyId, String serverPolicyId, String syncId, Instant at) {
        return Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(key(account, accountPolicyId, serverPolicyId))
                .updateExpression("SET syncId = :sync, syncedAt = :at")
                .conditionExpression("attribute_exists(feedVersion)")
                .expressionAttributeValues(Map.of(":sync", s(syncId), ":at", n(at.toEpochMilli())))));
    }

    /**
     * Moves a policy's check forward, if it still exists unchanged since it was read at {@code policy.version()};
     * a null {@code nextCheckAt} takes it out of the due index. False when it was changed or deleted meanwhile:
     * a scan never brings back a policy that was deleted while it ran.
     */
    public boolean advance(ServerPolicy policy, Instant checkedThrough, Instant nextCheckAt) {
        return advance(policy, checkedThrough, nextCheckAt, null);
    }

    /** {@link #advance(ServerPolicy, Instant, Instant)}, recording {@code lastMissedAt} too (unless null). */
    public boolean advance(ServerPolicy policy, Instant checkedThrough, Instant nextCheckAt, Instant lastMissedAt) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":v",
                n(policy.version()),
                ":next",
                n(policy.version() + 1),
                ":checked",
                n(checkedThrough.toEpochMilli())));
        String update = "SET checkedThrough = :checked, version = :next";
        if (lastMissedAt != null) {
            update += ", lastMissedAt = :missed";
            values.put(":missed", n(lastMissedAt.toEpochMilli()));
        }
        if (nextCheckAt == null) {
            update += " REMOVE nextCheckAt, #shard";
        } else {
            update += ", nextCheckAt = :due, #shard = :shard";
            values.put(":due", n(nextCheckAt.toEpochMilli()));
            values.put(":shard", s(shardName(shardOf(policy.account(), policy.serverPolicyId()))));
        }
        String expression = update;
        return Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(key(policy.account(), policy.accountPolicyId(), policy.serverPolicyId()))
                .updateExpression(expression)
                .conditionExpression("attribute_exists(serverPolicyId) AND version = :v")
                .expressionAttributeNames(Map.of("#shard", "shard"))
                .expressionAttributeValues(values)));
    }

    /** Removes the server policy; false when there was none. */
    public boolean delete(String account, String accountPolicyId, String serverPolicyId) {
        return Items.delete(dynamo, table, key(account, accountPolicyId, serverPolicyId));
    }

    /** Removes every server policy of an account policy. */
    public void deleteAll(String account, String accountPolicyId) {
        List<StoreWrite> deletes = list(account, accountPolicyId).stream()
                .map(p -> StoreWrite.delete(table, key(account, accountPolicyId, p.serverPolicyId())))
                .toList();
        Items.batchWrite(dynamo, deletes);
    }

    public static int shardOf(String account, String serverPolicyId) {
        return Math.floorMod((account + "#" + serverPolicyId).hashCode(), SHARDS);
    }

    private static String shardName(int shard) {
        return String.format("%02d", shard);
    }

    private static String policyKey(String account, String accountPolicyId) {
        return account + "#" + accountPolicyId;
    }

    private static Map<String, AttributeValue> key(String account, String accountPolicyId, String serverPolicyId) {
        return Map.of("policy", s(policyKey(account, accountPolicyId)), "serverPolicyId", s(serverPolicyId));
    }

    /** The item this store writes for {@code p} (without its version), a mutable map. */
    public static Map<String, AttributeValue> toItem(ServerPolicy p) {
        Map<String, AttributeValue> item = new HashMap<>(key(p.account(), p.accountPolicyId(), p.serverPolicyId()));
        item.put("account", s(p.account()));
        item.put("accountPolicyId", s(p.accountPolicyId()));
        if (p.server() != null) { // a tombstone may not name them
            item.put("server", s(p.server()));
            item.put("storageRegion", s(p.storageRegion()));
        }
        item.put("enabled", bool(p.enabled()));
        item.put("enabledAt", n(p.enabledAt().toEpochMilli()));
        item.put("createdAt", n(p.createdAt().toEpochMilli()));
        item.put("updatedAt", n(p.updatedAt().toEpochMilli()));
        if (p.schedule() != null) {
            item.put("accountPolicyName", s(p.accountPolicyName()));
            item.put("schedule", s(p.schedule()));
            item.put("timezone", s(p.timezone()));
        }
        item.put("checkedThrough", n(p.checkedThrough().toEpochMilli()));
        Items.putFeed(item, p.feed());
        if (p.lastMissedAt() != null) {
            item.put("lastMissedAt", n(p.lastMissedAt().toEpochMilli()));
        }
        if (p.accountPolicyVersion() != null) {
            item.put("accountPolicyVersion", n(p.accountPolicyVersion()));
        }
        if (p.enabled() && p.nextCheckAt() != null && p.schedule() != null) {
            item.put("nextCheckAt", n(p.nextCheckAt().toEpochMilli()));
            item.put("shard", s(shardName(shardOf(p.account(), p.serverPolicyId()))));
        }
        return item;
    }

    static ServerPolicy fromItem(Map<String, AttributeValue> item) {
        return new ServerPolicy(
                s(item, "account"),
                s(item, "accountPolicyId"),
                s(item, "serverPolicyId"),
                s(item, "server"),
                s(item, "storageRegion"),
                bool(item, "enabled"),
                instant(item, "enabledAt"),
                instant(item, "createdAt"),
                instant(item, "updatedAt"),
                s(item, "accountPolicyName"),
                s(item, "schedule"),
                s(item, "timezone"),
                instant(item, "checkedThrough"),
                instant(item, "nextCheckAt"),
                n(item, "version"),
                Items.feed(item),
                n(item, "accountPolicyVersion"),
                instant(item, "lastMissedAt"));
    }
}
