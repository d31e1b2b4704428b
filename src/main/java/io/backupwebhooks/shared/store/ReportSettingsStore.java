package io.backupwebhooks.shared.store;

import static io.backupwebhooks.shared.store.Items.bool;
import static io.backupwebhooks.shared.store.Items.n;
import static io.backupwebhooks.shared.store.Items.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.config.ServiceConfig;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The report-settings table: one item per account (key {@code account}). An enabled report carries {@code shard} and
 * {@code nextReportAt}, the keys of the sparse index {@value #DUE}, so that the hourly report run reads the accounts
 * whose report is due and nothing else (as the missed scan reads its due server policies). Every write is
 * conditional on the version read.
 */
@ApplicationScoped
public class ReportSettingsStore {

    public static final String DUE = "due";
    public static final int SHARDS = 16;

    private final DynamoDbClient dynamo;
    private final String table;

    ReportSettingsStore(DynamoDbClient dynamo, ServiceConfig config) {
        this.dynamo = dynamo;
        this.table = config.tables().reportSettings();
    }

    public Optional<ReportSettings> find(String account) {
        return Items.get(dynamo, table, Map.of("account", s(account))).map(ReportSettingsStore::fromItem);
    }

    /**
     * Writes {@code settings} (its version + 1) if the stored item still has {@code settings.version()} (0: none
     * stored); false when someone else wrote in between.
     */
    public boolean save(ReportSettings settings) {
        Map<String, AttributeValue> item = item(settings);
        item.put("version", n(settings.version() + 1));
        return Items.conditionalWrite(() -> dynamo.putItem(b -> {
            b.tableName(table).item(item);
            if (settings.version() == 0) {
                b.conditionExpression("attribute_not_exists(account)");
            } else {
                b.conditionExpression("#v = :v")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":v", n(settings.version())));
            }
        }));
    }

    /** The enabled reports of one shard due at {@code now}, read from the index. */
    public Stream<ReportSettings> due(int shard, Instant now) {
        return dynamo
                .queryPaginator(b -> b.tableName(table)
                        .indexName(DUE)
                        .keyConditionExpression("#s = :s AND nextReportAt <= :now")
                        .expressionAttributeNames(Map.of("#s", "shard"))
                        .expressionAttributeValues(
                                Map.of(":s", s(Integer.toString(shard)), ":now", n(now.toEpochMilli()))))
                .items()
                .stream()
                .map(ReportSettingsStore::fromItem);
    }

    /**
     * The claim of one day's report: moves the account to its next report and marks {@code day} as sent, if nobody did
     * (the version is the one read, and {@code day} is not already the last day reported). The one who gets true sends.
     */
    public boolean claimDay(ReportSettings settings, String day, Instant next) {
        return Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of("account", s(settings.account())))
                .updateExpression("SET nextReportAt = :next, lastReportDay = :day, #v = :nv")
                .conditionExpression("#v = :v AND (attribute_not_exists(lastReportDay) OR lastReportDay <> :day)")
                .expressionAttributeNames(Map.of("#v", "version"))
                .expressionAttributeValues(Map.of(
                        ":next",
                        n(next.toEpochMilli()),
                        ":day",
                        s(day),
                        ":v",
                        n(settings.version()),
                        ":nv",
                        n(settings.version() + 1)))));
    }

    /** Moves the account to its next report without sending (its day was reported already); false if it changed. */
    public boolean advance(ReportSettings settings, Instant next) {
        return Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of("account", s(settings.account())))
                .updateExpression("SET nextReportAt = :next, #v = :nv")
                .conditionExpression("#v = :v")
                .expressionAttributeNames(Map.of("#v", "version"))
                .expressionAttributeValues(Map.of(
                        ":next",
                        n(next.toEpochMilli()),
                        ":v",
                        n(settings.version()),
                        ":nv",
                        n(settings.version() + 1)))));
    }

    static String shardOf(String account) {
        return Integer.toString(Math.floorMod(account.hashCode(), SHARDS));
    }

    /** The item of {@code r} as stored (without its version; a benchmark loads settings in this layout). */
    public static Map<String, AttributeValue> item(ReportSettings r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("account", s(r.account()));
        item.put("enabled", bool(r.enabled()));
        item.put("hour", n(r.hour()));
        item.put("timezone", s(r.timezone()));
        List<AttributeValue> recipients = new ArrayList<>();
        for (ReportSettings.Recipient recipient : r.recipients()) {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("address", s(recipient.address()));
            m.put("confirmed", bool(recipient.confirmed()));
            if (recipient.unsubscribeToken() != null) {
                m.put("unsubscribeToken", s(recipient.unsubscribeToken()));
            }
            m.put("addedAt", n(recipient.addedAt().toEpochMilli()));
            recipients.add(AttributeValue.fromM(m));
        }
        item.put("recipients", AttributeValue.fromL(recipients));
        if (r.enabled() && r.nextReportAt() != null) {
            item.put("shard", s(shardOf(r.account())));
            item.put("nextReportAt", n(r.nextReportAt().toEpochMilli()));
        }
        if (r.lastReportDay() != null) {
            item.put("lastReportDay", s(r.lastReportDay()));
        }
        if (r.linkBase() != null) {
            item.put("linkBase", s(r.linkBase()));
        }
        item.put("updatedAt", n(r.updatedAt().toEpochMilli()));
        return item;
    }

    private static ReportSettings fromItem(Map<String, AttributeValue> item) {
        List<ReportSettings.Recipient> recipients = new ArrayList<>();
        AttributeValue list = item.get("recipients");
        if (list != null && list.hasL()) {
            for (AttributeValue v : list.l()) {
                Map<String, AttributeValue> m = v.m();
                recipients.add(new ReportSettings.Recipient(
                        s(m, "address"), bool(m, "confirmed"), s(m, "unsubscribeToken"), Items.instant(m, "addedAt")));
            }
        }
        Long version = n(item, "version");
        return new ReportSettings(
                s(item, "account"),
                bool(item, "enabled"),
                n(item, "hour").intValue(),
                s(item, "timezone"),
                List.copyOf(recipients),
                Items.instant(item, "nextReportAt"),
                s(item, "lastReportDay"),
                s(item, "linkBase"),
                Items.instant(item, "updatedAt"),
                version == null ? 0 : version);
    }
}
