package io.backupwebhooks.shared.store;

import static io.backupwebhooks.shared.store.Items.n;
import static io.backupwebhooks.shared.store.Items.s;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.store.Delivery.Outcome;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The outcomes table: every backup outcome of every account, subscribed or not, for the daily report. Key
 * {@code accountDay} (hash: {@code account#yyyy-mm-dd}, the UTC day of the outcome's time) + {@code timeId} (range:
 * the time in epoch milliseconds, 13 digits, {@code #} the event id), so that a report of one local day reads at most
 * two partitions with one Query each, and nothing else. {@code expiresAt} (epoch seconds) is the TTL attribute:
 * outcomes are kept {@link #KEEP}. Items are written in the batch that ends the event's delivery.
 */
@ApplicationScoped
public class OutcomeStore {

    static final Duration KEEP = Duration.ofDays(35);

    private final DynamoDbClient dynamo;
    private final String table;

    OutcomeStore(DynamoDbClient dynamo, ServiceConfig config) {
        this.dynamo = dynamo;
        this.table = config.tables().outcomes();
    }

    /** The write that records {@code outcome}, for the batch that ends its event's delivery. */
    public StoreWrite recordWrite(BackupOutcome outcome) {
        return StoreWrite.put(table, item(outcome));
    }

    /** An account's outcomes with a time in [from, to), oldest first: one Query per UTC day the interval touches. */
    public List<BackupOutcome> between(String account, Instant from, Instant to) {
        List<BackupOutcome> outcomes = new java.util.ArrayList<>();
        for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC);
                !day.atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(to.minusMillis(1));
                day = day.plusDays(1)) {
            String accountDay = accountDay(account, day);
            dynamo.queryPaginator(b -> b.tableName(table)
                            .consistentRead(true)
                            .keyConditionExpression("accountDay = :d AND timeId BETWEEN :from AND :to")
                            .expressionAttributeValues(Map.of(
                                    ":d",
                                    s(accountDay),
                                    ":from",
                                    s(timeId(from, "")),
                                    ":to",
                                    s(timeId(to.minusMillis(1), "~")))))
                    .items()
                    .forEach(item -> outcomes.add(fromItem(item)));
        }
        return outcomes;
    }

    static String accountDay(String account, LocalDate utcDay) {
        return account + "#" + utcDay;
    }

    private static String timeId(Instant at, String eventId) {
        return String.format("%013d#%s", at.toEpochMilli(), eventId);
    }

    /** The item of {@code outcome} (a benchmark loads outcomes in this layout). */
    public static Map<String, AttributeValue> item(BackupOutcome o) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("accountDay", s(accountDay(o.account(), LocalDate.ofInstant(o.at(), ZoneOffset.UTC))));
        item.put("timeId", s(timeId(o.at(), o.eventId())));
        item.put("account", s(o.account()));
        item.put("eventId", s(o.eventId()));
        item.put("type", s(o.type().name()));
        item.put("at", n(o.at().toEpochMilli()));
        put(item, "server", o.server());
        put(item, "serverPolicyId", o.serverPolicyId());
        put(item, "accountPolicyId", o.accountPolicyId());
        put(item, "accountPolicyName", o.accountPolicyName());
        put(item, "restorePointId", o.restorePointId());
        if (o.webhook() != null) {
            item.put("webhook", s(o.webhook().name()));
        }
        if (o.webhookStatus() != null) {
            item.put("webhookStatus", n(o.webhookStatus()));
        }
        put(item, "webhookError", o.webhookError());
        item.put("expiresAt", n(o.at().plus(KEEP).getEpochSecond()));
        return item;
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, s(value));
        }
    }

    private static BackupOutcome fromItem(Map<String, AttributeValue> item) {
        String webhook = s(item, "webhook");
        Long status = n(item, "webhookStatus");
        return new BackupOutcome(
                s(item, "account"),
                s(item, "eventId"),
                EventType.valueOf(s(item, "type")),
                Items.instant(item, "at"),
                s(item, "server"),
                s(item, "serverPolicyId"),
                s(item, "accountPolicyId"),
                s(item, "accountPolicyName"),
                s(item, "restorePointId"),
                webhook == null ? null : Outcome.valueOf(webhook),
                status == null ? null : status.intValue(),
                s(item, "webhookError"));
    }
}
