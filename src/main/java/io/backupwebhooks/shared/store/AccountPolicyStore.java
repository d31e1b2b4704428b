package io.backupwebhooks.shared.store;

import static io.backupwebhooks.shared.store.Items.instant;
import static io.backupwebhooks.shared.store.Items.n;
import static io.backupwebhooks.shared.store.Items.s;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.config.ServiceConfig;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The policies table (account policies): key {@code account} (hash) + {@code accountPolicyId} (range). Policies of
 * the feed carry its state ({@link FeedState}); its tombstones stay until their TTL ({@code expiresAt}) and are not
 * listed.
 */
@ApplicationScoped
public class AccountPolicyStore {

    private final DynamoDbClient dynamo;
    final String table;

    AccountPolicyStore(DynamoDbClient dynamo, ServiceConfig config) {
        this.dynamo = dynamo;
        this.table = config.tables().policies();
    }

    public Optional<AccountPolicy> find(String account, String accountPolicyId) {
        return Items.get(dynamo, table, key(account, accountPolicyId)).map(AccountPolicyStore::fromItem);
    }

    /** The account's live policies. */
    public List<AccountPolicy> list(String account) {
        return listAll(account).stream().filter(AccountPolicy::live).toList();
    }

    /** The account's policies, tombstones included. */
    public List<AccountPolicy> listAll(String account) {
        return Items.partition(dynamo, table, "account", account)
                .map(AccountPolicyStore::fromItem)
                .toList();
    }

    /** Writes an API-made policy; false (nothing written) when the policy is the feed's. */
    public boolean put(AccountPolicy policy) {
        Map<String, AttributeValue> item = toItem(policy);
        return Items.conditionalWrite(() -> dynamo.putItem(
                b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(feedVersion)")));
    }

    /**
     * Writes a policy of the feed if its version is higher than the stored one's and the stored resynchronisation mark
     * is still {@code readSyncId}; false when either is not so.
     */
    public boolean putFeed(AccountPolicy policy, String readSyncId) {
        Map<String, AttributeValue> item = toItem(policy);
        Map<String, AttributeValue> values =
                new HashMap<>(Map.of(":fv", n(policy.feed().version())));
        String condition = Items.NEWER_FEED_VERSION + " AND " + Items.sameSyncMark(readSyncId, values);
        return Items.conditionalWrite(() -> dynamo.putItem(b ->
                b.tableName(table).item(item).conditionExpression(condition).expressionAttributeValues(values)));
    }

    /** Marks a stored feed policy as part of the resynchronisation {@code syncId}; false when it is not there. */
    public boolean markSync(String account, String accountPolicyId, String syncId, java.time.Instant at) {
        return Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(key(account, accountPolicyId))
                .updateExpression("SET syncId = :sync, syncedAt = :at")
                .conditionExpression("attribute_exists(feedVersion)")
                .expressionAttributeValues(Map.of(":sync", s(syncId), ":at", n(at.toEpochMilli())))));
    }

    /**
     * Turns a feed policy into a tombstone at its version, if it is unchanged since it was read and not marked as
     * part of another resynchronisation since; false otherwise.
     */
    public boolean tombstone(AccountPolicy policy, java.time.Instant at, java.time.Instant expiresAt) {
        FeedState f = policy.feed();
        return Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(key(policy.account(), policy.accountPolicyId()))
                .updateExpression("SET deleted = :t, appliedAt = :at, updatedAt = :at, expiresAt = :exp"
                        + " REMOVE #name, #schedule, #tz, fanOutPending")
                .conditionExpression("feedVersion = :fv AND appliedAt = :applied")
                .expressionAttributeNames(Map.of("#name", "name", "#schedule", "schedule", "#tz", "timezone"))
                .expressionAttributeValues(Map.of(
                        ":t", Items.bool(true),
                        ":at", n(at.toEpochMilli()),
                        ":exp", n(expiresAt.getEpochSecond()),
                        ":fv", n(f.version()),
                        ":applied", n(f.appliedAt().toEpochMilli())))));
    }

    /** Records that the change at feed {@code version} reached all server policies (unless a newer one came). */
    public void fanOutDone(String account, String accountPolicyId, long version) {
        Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(key(account, accountPolicyId))
                .updateExpression("REMOVE fanOutPending")
                .conditionExpression("feedVersion = :fv")
                .expressionAttributeValues(Map.of(":fv", n(version)))));
    }

    private static Map<String, AttributeValue> toItem(AccountPolicy policy) {
        Map<String, AttributeValue> item = new HashMap<>(key(policy.account(), policy.accountPolicyId()));
        if (policy.name() != null) {
            item.put("name", s(policy.name()));
            item.put("schedule", s(policy.schedule()));
            item.put("timezone", s(policy.timezone()));
        }
        item.put("createdAt", n(policy.createdAt().toEpochMilli()));
        item.put("updatedAt", n(policy.updatedAt().toEpochMilli()));
        Items.putFeed(item, policy.feed());
        return item;
    }

    /** Removes the policy; false when there was none. */
    public boolean delete(String account, String accountPolicyId) {
        return Items.delete(dynamo, table, key(account, accountPolicyId));
    }

    static Map<String, AttributeValue> key(String account, String accountPolicyId) {
        return Map.of("account", s(account), "accountPolicyId", s(accountPolicyId));
    }

    static AccountPolicy fromItem(Map<String, AttributeValue> item) {
        return new AccountPolicy(
                s(item, "account"),
                s(item, "accountPolicyId"),
                s(item, "name"),
                s(item, "schedule"),
                s(item, "timezone"),
                instant(item, "createdAt"),
                instant(item, "updatedAt"),
                Items.feed(item));
    }
}
