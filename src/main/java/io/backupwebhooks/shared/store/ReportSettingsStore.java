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
     * The claim of one day's report: marks {@code day} as the last reported and pending (retried until
     * {@code deadline}), and makes the account due again at {@code retryAt} in case this run does not finish it, if
     * nobody did (the version is the one read, and {@code day} is not already the last day reported). The one who gets
     * true sends. Answers the version after the write, or -1.
     */
    public long claimDay(ReportSettings settings, String day, Instant retryAt, Instant deadline) {
        return Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                        .key(key(settings.account()))
                        .updateExpression("SET nextReportAt = :next, lastReportDay = :day, pendingDay = :day,"
                                + " pendingDeadline = :deadline, attempts = :one, #v = :nv REMOVE accepted")
                        .conditionExpression(
                                "#v = :v AND (attribute_not_exists(lastReportDay) OR lastReportDay <> :day)")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(
                                ":next", n(retryAt.toEpochMilli()),
                                ":day", s(day),
                                ":deadline", n(deadline.toEpochMilli()),
                                ":one", n(1),
                                ":v", n(settings.version()),
                                ":nv", n(settings.version() + 1)))))
                ? settings.version() + 1
                : -1;
    }

    /**
     * A later run's claim of a pending day's report (the version read, the day still pending): due again at
     * {@code retryAt}. Answers the version after the write, or -1 when another run has it.
     */
    public long claimRetry(ReportSettings settings, Instant retryAt) {
        return Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                        .key(key(settings.account()))
                        .updateExpression("SET nextReportAt = :next, attempts = attempts + :one, #v = :nv")
                        .conditionExpression("#v = :v AND pendingDay = :day")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(
                                ":next", n(retryAt.toEpochMilli()),
                                ":day", s(settings.pending().day()),
                                ":one", n(1),
                                ":v", n(settings.version()),
                                ":nv", n(settings.version() + 1)))))
                ? settings.version() + 1
                : -1;
    }

    /**
     * Records that SES accepted the report of the pending {@code day} for the address with {@code addressHash}; answers
     * the version after the write (-1: the day is not pending any more). It counts as a write (the admin's saves redo
     * theirs).
     */
    public long accepted(String account, String day, String addressHash) {
        return Items.conditionalUpdate(() -> dynamo.updateItem(b -> b.tableName(table)
                                .key(key(account))
                                .updateExpression("ADD accepted :h, #v :one")
                                .conditionExpression("pendingDay = :day")
                                .expressionAttributeNames(Map.of("#v", "version"))
                                .expressionAttributeValues(Map.of(
                                        ":h", AttributeValue.fromSs(List.of(addressHash)),
                                        ":day", s(day),
                                        ":one", n(1)))
                                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.UPDATED_NEW))
                        .attributes())
                .map(a -> n(a, "version"))
                .orElse(-1L);
    }

    /**
     * Ends a pending day (all its reports accepted, or given up) and makes the account due at its next report, if the
     * item is still at {@code version}; false otherwise (read it again).
     */
    public boolean settle(String account, long version, Instant next) {
        return Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(key(account))
                .updateExpression(
                        "SET nextReportAt = :next, #v = :nv REMOVE pendingDay, pendingDeadline, accepted, attempts")
                .conditionExpression("#v = :v")
                .expressionAttributeNames(Map.of("#v", "version"))
                .expressionAttributeValues(
                        Map.of(":next", n(next.toEpochMilli()), ":v", n(version), ":nv", n(version + 1)))));
    }

    private static Map<String, AttributeValue> key(String account) {
        return Map.of("account", s(account));
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
        if (r.pending() != null) {
            item.put("pendingDay", s(r.pending().day()));
            item.put("pendingDeadline", n(r.pending().deadline().toEpochMilli()));
            if (!r.pending().accepted().isEmpty()) {
                item.put(
                        "accepted",
                        AttributeValue.fromSs(List.copyOf(r.pending().accepted())));
            }
            item.put("attempts", n(r.pending().attempts()));
        }
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
                version == null ? 0 : version,
                pending(item));
    }

    private static ReportSettings.Pending pending(Map<String, AttributeValue> item) {
        String day = s(item, "pendingDay");
        if (day == null) {
            return null;
        }
        AttributeValue accepted = item.get("accepted");
        Long attempts = n(item, "attempts");
        return new ReportSettings.Pending(
                day,
                Items.instant(item, "pendingDeadline"),
                accepted == null || !accepted.hasSs() ? java.util.Set.of() : java.util.Set.copyOf(accepted.ss()),
                attempts == null ? 0 : attempts.intValue());
    }
}
