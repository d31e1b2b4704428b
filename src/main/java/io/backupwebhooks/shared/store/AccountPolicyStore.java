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

/** The policies table (account policies): key {@code account} (hash) + {@code accountPolicyId} (range). */
@ApplicationScoped
public class AccountPolicyStore {

    private final DynamoDbClient dynamo;
    private final String table;

    AccountPolicyStore(DynamoDbClient dynamo, ServiceConfig config) {
        this.dynamo = dynamo;
        this.table = config.tables().policies();
    }

    public Optional<AccountPolicy> find(String account, String accountPolicyId) {
        return Items.get(dynamo, table, key(account, accountPolicyId)).map(AccountPolicyStore::fromItem);
    }

    public List<AccountPolicy> list(String account) {
        return Items.partition(dynamo, table, "account", account)
                .map(AccountPolicyStore::fromItem)
                .toList();
    }

    public void put(AccountPolicy policy) {
        Map<String, AttributeValue> item = new HashMap<>(key(policy.account(), policy.accountPolicyId()));
        item.put("name", s(policy.name()));
        item.put("schedule", s(policy.schedule()));
        item.put("timezone", s(policy.timezone()));
        item.put("createdAt", n(policy.createdAt().toEpochMilli()));
        item.put("updatedAt", n(policy.updatedAt().toEpochMilli()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** Removes the policy; false when there was none. */
    public boolean delete(String account, String accountPolicyId) {
        return Items.delete(dynamo, table, key(account, accountPolicyId));
    }

    private static Map<String, AttributeValue> key(String account, String accountPolicyId) {
        return Map.of("account", s(account), "accountPolicyId", s(accountPolicyId));
    }

    private static AccountPolicy fromItem(Map<String, AttributeValue> item) {
        return new AccountPolicy(
                s(item, "account"),
                s(item, "accountPolicyId"),
                s(item, "name"),
                s(item, "schedule"),
                s(item, "timezone"),
                instant(item, "createdAt"),
                instant(item, "updatedAt"));
    }
}
