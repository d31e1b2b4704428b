package io.backupwebhooks.shared.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Small helpers for DynamoDB items: attribute values in and out, conditional writes, and a batch write that finishes
 * its work.
 */
public final class Items {

    private static final int BATCH_LIMIT = 25;
    private static final int MAX_ROUNDS = 8;

    private Items() {}

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    public static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    public static Long n(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Long.valueOf(v.n());
    }

    public static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    /** An instant kept as epoch milliseconds (sortable, exact). */
    public static Instant instant(Map<String, AttributeValue> item, String name) {
        Long millis = n(item, name);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /** Adds a feed state's attributes to {@code item} ({@code source} is "feed"; none for an API-made policy). */
    static void putFeed(Map<String, AttributeValue> item, FeedState feed) {
        if (feed == null) {
            return;
        }
        item.put("source", s("feed"));
        item.put("feedVersion", n(feed.version()));
        if (feed.deleted()) {
            item.put("deleted", bool(true));
        }
        if (feed.syncId() != null) {
            item.put("syncId", s(feed.syncId()));
            item.put("syncedAt", n(feed.syncedAt().toEpochMilli()));
        }
        item.put("appliedAt", n(feed.appliedAt().toEpochMilli()));
        if (feed.expiresAt() != null) {
            item.put("expiresAt", n(feed.expiresAt().getEpochSecond()));
        }
        if (feed.fanOutPending()) {
            item.put("fanOutPending", bool(true));
        }
    }

    /** The feed state an item carries; null for an API-made policy. */
    static FeedState feed(Map<String, AttributeValue> item) {
        if (!"feed".equals(s(item, "source"))) {
            return null;
        }
        Long expires = n(item, "expiresAt");
        return new FeedState(
                n(item, "feedVersion"),
                bool(item, "deleted"),
                s(item, "syncId"),
                instant(item, "syncedAt"),
                instant(item, "appliedAt"),
                expires == null ? null : Instant.ofEpochSecond(expires),
                bool(item, "fanOutPending"));
    }

    /** Condition of a feed write: the item holds no feed version yet, or a lower one than {@code :fv}. */
    static final String NEWER_FEED_VERSION = "(attribute_not_exists(feedVersion) OR feedVersion < :fv)";

    /**
     * Condition of a feed write that carries the resynchronisation mark it read ({@code null}: none): the mark is still
     * that one, so that a mark made meanwhile is not overwritten (the write is redone on what is there now).
     */
    static String sameSyncMark(String readSyncId, Map<String, AttributeValue> values) {
        if (readSyncId == null) {
            return "attribute_not_exists(syncId)";
        }
        values.put(":rs", s(readSyncId));
        return "syncId = :rs";
    }

    /** The item with this key, read consistently, or empty. */
    public static Optional<Map<String, AttributeValue>> get(
            DynamoDbClient dynamo, String table, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(key).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Every item whose hash key {@code name} is {@code value}, read consistently, page by page. */
    public static Stream<Map<String, AttributeValue>> partition(
            DynamoDbClient dynamo, String table, String name, String value) {
        return dynamo
                .queryPaginator(b -> b.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("#k = :k")
                        .expressionAttributeNames(Map.of("#k", name))
                        .expressionAttributeValues(Map.of(":k", s(value))))
                .items()
                .stream();
    }

    /** Makes a conditional write; false when its condition failed, true when it was written. */
    public static boolean conditionalWrite(Runnable write) {
        try {
            write.run();
            return true;
        } catch (ConditionalCheckFailedException conditionFailed) {
            return false;
        }
    }

    /** Makes a conditional write that answers something (an update's new item); empty when its condition failed. */
    public static <T> Optional<T> conditionalUpdate(Supplier<T> write) {
        try {
            return Optional.of(write.get());
        } catch (ConditionalCheckFailedException conditionFailed) {
            return Optional.empty();
        }
    }

    /** Deletes the item with this key; false when there was none. */
    public static boolean delete(DynamoDbClient dynamo, String table, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> old = dynamo.deleteItem(
                        b -> b.tableName(table).key(key).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        return old != null && !old.isEmpty();
    }

    /**
     * Makes all writes with BatchWriteItem (grouped by table, 25 a request), resending what DynamoDB leaves
     * unprocessed.
     */
    public static void batchWrite(DynamoDbClient dynamo, List<StoreWrite> writes) {
        for (int from = 0; from < writes.size(); from += BATCH_LIMIT) {
            Map<String, List<WriteRequest>> chunk = new HashMap<>();
            for (StoreWrite write : writes.subList(from, Math.min(writes.size(), from + BATCH_LIMIT))) {
                chunk.computeIfAbsent(write.table(), t -> new ArrayList<>()).add(write.request());
            }
            for (int round = 0; !chunk.isEmpty(); round++) {
                if (round == MAX_ROUNDS) {
                    throw new IllegalStateException("DynamoDB left writes unprocessed after " + MAX_ROUNDS + " rounds");
                }
                if (round > 0) {
                    sleep(25L << round);
                }
                BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(chunk));
                chunk.clear();
                chunk.putAll(response.unprocessedItems());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to DynamoDB", e);
        }
    }
}
