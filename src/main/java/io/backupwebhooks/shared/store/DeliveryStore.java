package io.backupwebhooks.shared.store;

import static io.backupwebhooks.shared.store.Items.instant;
import static io.backupwebhooks.shared.store.Items.n;
import static io.backupwebhooks.shared.store.Items.s;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.store.Delivery.Outcome;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The deliveries table: one item per event, key {@code eventId}. It is first the event's <em>claim</em> (state
 * {@code SENDING}, written with a condition just before the one POST) and then its delivery record (state
 * {@code DONE}, with the outcome). Records carry {@code target} = {@code account#eventType} and {@code attemptedAt},
 * the keys of the sparse index {@value #BY_TARGET} that lists an account's deliveries newest first, and
 * {@code expiresAt} (epoch seconds), the table's TTL attribute.
 * <p>
 * Resends (spec 6): the event's record keeps its payload ({@code body}) and names its latest resend
 * ({@code latestId}, {@code latestOutcome}, {@code latestAt}); a resend is claimed on that record by a conditional
 * {@code UpdateItem} that expects the latest attempt the resend was asked for, so that one request, however often
 * its message comes, makes at most one attempt. Each resend is an item of its own, key {@code <eventId>#<suffix>},
 * listed with the others. Delivery ids name their item: {@code dlv_<hex>} is the record of {@code evt_<hex>},
 * {@code dlv_<hex>_<suffix>} its resend {@code evt_<hex>#<suffix>}.
 */
@ApplicationScoped
public class DeliveryStore {

    public static final String BY_TARGET = "byTarget";

    private static final java.util.regex.Pattern DELIVERY_ID =
            java.util.regex.Pattern.compile("dlv_([0-9a-f]{32})(?:_([0-9a-f]{12}))?");
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** What a claim found. */
    public enum ClaimState {
        /** This worker holds the claim and makes the attempt. */
        CLAIMED,
        /** The attempt was made and recorded. */
        DONE,
        /** Another worker holds a live claim: its attempt may still be under way. */
        IN_FLIGHT,
        /** A claim whose lease ran out without a record: its worker died during the attempt. */
        ABANDONED
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration lease;
    private final Duration retention;

    DeliveryStore(DynamoDbClient dynamo, ServiceConfig config) {
        this.dynamo = dynamo;
        this.table = config.tables().deliveries();
        this.lease = config.delivery().claimLease();
        this.retention = config.delivery().retention();
    }

    /** The id of an event's first attempt: {@code dlv_} and the event id's 32 hex digits. */
    public static String deliveryIdOf(String eventId) {
        return "dlv_" + eventId.substring("evt_".length());
    }

    /** A new id for a resend of {@code eventId}: its first attempt's id, {@code _} and 12 random hex digits. */
    public static String newResendId(String eventId) {
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        return deliveryIdOf(eventId) + "_" + java.util.HexFormat.of().formatHex(suffix);
    }

    /** The item key of a delivery id; empty when it is not one this service gives out. */
    static Optional<String> keyOf(String deliveryId) {
        java.util.regex.Matcher m = DELIVERY_ID.matcher(deliveryId == null ? "" : deliveryId);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of("evt_" + m.group(1) + (m.group(2) == null ? "" : "#" + m.group(2)));
    }

    /** The id of the first attempt of the event a delivery id belongs to (itself, unless it is a resend's). */
    public static String originalIdOf(String deliveryId) {
        int resend = deliveryId.indexOf('_', "dlv_".length());
        return resend < 0 ? deliveryId : deliveryId.substring(0, resend);
    }

    /** Writes the claim for {@code attempt} unless the event has one already, and says what was found. */
    public ClaimState claim(Delivery attempt, String owner) {
        Map<String, AttributeValue> item = new HashMap<>(common(attempt));
        item.put("state", s("SENDING"));
        item.put("owner", s(owner));
        item.put("leaseUntil", n(attempt.attemptedAt().plus(lease).toEpochMilli()));
        if (Items.conditionalWrite(() -> dynamo.putItem(
                b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(eventId)")))) {
            return ClaimState.CLAIMED;
        }
        Map<String, AttributeValue> existing =
                Items.get(dynamo, table, key(attempt.eventId())).orElse(null);
        if (existing == null || "DONE".equals(s(existing, "state"))) {
            return ClaimState.DONE;
        }
        if (owner.equals(s(existing, "owner"))) {
            return ClaimState.CLAIMED; // our own put went through; the SDK retried it after a lost answer
        }
        Instant leaseUntil = instant(existing, "leaseUntil");
        return attempt.attemptedAt().isBefore(leaseUntil) ? ClaimState.IN_FLIGHT : ClaimState.ABANDONED;
    }

    /**
     * Turns the event's claim into the delivery record with one batch write that also makes {@code alongside} (the
     * writes that go along with the event, such as its start).
     */
    public void recordWith(Delivery delivery, List<StoreWrite> alongside) {
        List<StoreWrite> writes = new ArrayList<>(alongside);
        writes.add(StoreWrite.put(table, recordItem(delivery)));
        Items.batchWrite(dynamo, writes);
    }

    /** Makes the writes that go along with an event for which no record is written (nothing sent, or sent before). */
    public void writeAlongside(List<StoreWrite> alongside) {
        if (!alongside.isEmpty()) {
            Items.batchWrite(dynamo, alongside);
        }
    }

    /**
     * Turns this owner's claim into the delivery record on its own: the way back when a batched write failed. Nothing
     * is written when the claim is no longer {@code owner}'s SENDING one (the batch did write it after all).
     */
    public void record(Delivery delivery, String owner) {
        Items.conditionalWrite(() -> dynamo.putItem(b -> b.tableName(table)
                .item(recordItem(delivery))
                .conditionExpression("#s = :sending AND #o = :owner")
                .expressionAttributeNames(Map.of("#s", "state", "#o", "owner"))
                .expressionAttributeValues(Map.of(":sending", s("SENDING"), ":owner", s(owner)))));
    }

    /** A record ({@code DONE}): no {@code owner}, which only a {@code SENDING} claim needs (41 bytes less an item). */
    private Map<String, AttributeValue> recordItem(Delivery delivery) {
        Map<String, AttributeValue> item = new HashMap<>(common(delivery));
        item.put("state", s("DONE"));
        item.put("target", s(target(delivery.account(), delivery.eventType())));
        item.put("outcome", s(delivery.outcome().name()));
        item.put("durationMs", n(delivery.durationMs()));
        if (delivery.statusCode() != null) {
            item.put("statusCode", n(delivery.statusCode()));
        }
        if (delivery.error() != null) {
            item.put("error", s(delivery.error()));
        }
        if (delivery.resendOf() != null) {
            item.put("resendOf", s(delivery.resendOf()));
            item.put("requestedBy", s(delivery.requestedBy()));
        }
        if (delivery.latest() != null) {
            item.put("latestId", s(delivery.latest().id()));
            item.put("latestAt", n(delivery.latest().at().toEpochMilli()));
            if (delivery.latest().outcome() != null) {
                item.put("latestOutcome", s(delivery.latest().outcome().name()));
            }
        }
        return item;
    }

    /**
     * Records an abandoned claim as a failed attempt whose outcome is unknown. It is never retried: its worker
     * claimed it immediately before connecting, so the POST may have been made.
     */
    public void recordAbandoned(String eventId) {
        Map<String, AttributeValue> existing =
                Items.get(dynamo, table, key(eventId)).orElse(null);
        if (existing == null || !"SENDING".equals(s(existing, "state"))) {
            return;
        }
        Delivery abandoned = fromItem(
                existing,
                Outcome.FAILED,
                null,
                0,
                "the attempt was interrupted before its outcome was recorded; it is not retried");
        record(abandoned, s(existing, "owner")); // nothing is written if the owner recorded its outcome after all
    }

    public Optional<Delivery> find(String eventId) {
        return Items.get(dynamo, table, key(eventId))
                .filter(item -> "DONE".equals(s(item, "state")))
                .map(DeliveryStore::fromRecord);
    }

    /** The delivery record {@code deliveryId} (an event's first attempt or a resend), when it is kept. */
    public Optional<Delivery> findById(String deliveryId) {
        return keyOf(deliveryId)
                .flatMap(key -> Items.get(dynamo, table, key(key)))
                .filter(item -> "DONE".equals(s(item, "state")) && deliveryId.equals(s(item, "id")))
                .map(DeliveryStore::fromRecord);
    }

    /** What a resend's claim found. */
    public enum ResendClaim {
        /** The claim is this resend's: make the attempt. */
        CLAIMED,
        /** Another resend is being sent now (its claim's lease runs). */
        IN_FLIGHT,
        /**
         * The event's latest attempt is no longer the one expected (someone resent it since), or it was delivered and
         * the resend was not forced.
         */
        SUPERSEDED
    }

    /**
     * Claims a resend of {@code original}'s event for {@code resendId} at {@code now}: one conditional
     * {@code UpdateItem}, made only if the event's latest attempt is still {@code expectedLatest}, no other resend's
     * lease runs, and (unless {@code force}) that latest attempt was not DELIVERED (a resend may have delivered it
     * since the request read it).
     */
    public ResendClaim claimResend(
            Delivery original, String expectedLatest, String resendId, Instant now, boolean force) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":done", s("DONE"));
        values.put(":expected", s(expectedLatest));
        values.put(":r", s(resendId));
        values.put(":now", n(now.toEpochMilli()));
        values.put(":lease", n(now.plus(lease).toEpochMilli()));
        String notDelivered = "";
        if (!force) {
            values.put(":delivered", s(Outcome.DELIVERED.name()));
            notDelivered = " AND ((attribute_exists(#li) AND (attribute_not_exists(#lo) OR #lo <> :delivered)) "
                    + "OR (attribute_not_exists(#li) AND #o <> :delivered))";
        }
        String condition = "#s = :done AND attribute_exists(#b) "
                + "AND ((attribute_not_exists(#li) AND #id = :expected) OR #li = :expected) "
                + "AND (attribute_not_exists(#rl) OR #rl < :now)" + notDelivered;
        Map<String, String> names = new HashMap<>(Map.of(
                "#s", "state",
                "#b", "body",
                "#id", "id",
                "#li", "latestId",
                "#la", "latestAt",
                "#lo", "latestOutcome",
                "#rl", "resendLease"));
        if (!force) {
            names.put("#o", "outcome");
        }
        boolean claimed = Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(key(original.eventId()))
                .updateExpression("SET #li = :r, #la = :now, #rl = :lease REMOVE #lo")
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)));
        if (claimed) {
            return ResendClaim.CLAIMED;
        }
        Map<String, AttributeValue> item =
                Items.get(dynamo, table, key(original.eventId())).orElse(Map.of());
        String latest = s(item, "latestId") == null ? s(item, "id") : s(item, "latestId");
        if (resendId.equals(latest)) {
            return ResendClaim.CLAIMED; // our own update went through: the SDK retried it after a lost answer
        }
        Long leaseUntil = n(item, "resendLease");
        boolean leaseRuns = leaseUntil != null && leaseUntil >= now.toEpochMilli();
        return expectedLatest.equals(latest) && leaseRuns && item.containsKey("body")
                ? ResendClaim.IN_FLIGHT
                : ResendClaim.SUPERSEDED;
    }

    /**
     * Records a claimed resend: its own record (a put), then its outcome as the event's latest on the original record
     * (an update that also ends the claim's lease, made only while the latest is still this resend: a later claim's
     * state, or a record removed by TTL meanwhile, is never overwritten).
     */
    public void recordResend(Delivery resend) {
        dynamo.putItem(b -> b.tableName(table).item(recordItem(resend)));
        Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(key(resend.eventId()))
                .updateExpression("SET #lo = :o REMOVE #rl")
                .conditionExpression("#li = :me")
                .expressionAttributeNames(Map.of("#lo", "latestOutcome", "#rl", "resendLease", "#li", "latestId"))
                .expressionAttributeValues(Map.of(":o", s(resend.outcome().name()), ":me", s(resend.id())))));
    }

    /** Events to resend: those found, and where to go on ({@code next}: null when the window is done). */
    public record Selection(List<Delivery> events, String next) {}

    /**
     * The first attempts of an account's events of one type made in [{@code since}, {@code until}], oldest first,
     * whose latest attempt was not DELIVERED and that can be resent (their payload is kept; no test sends): at most
     * {@code max} of them, reading at most {@code maxRead} index items. Throws IllegalArgumentException for a bad
     * cursor.
     */
    public Selection resendable(
            String account, EventType eventType, Instant since, Instant until, String cursor, int max, int maxRead) {
        String target = target(account, eventType);
        Map<String, AttributeValue> start = cursor == null ? null : decodeCursor(cursor, target);
        if (start != null) {
            long at = n(start, "attemptedAt");
            if (at < since.toEpochMilli() || at > until.toEpochMilli()) {
                // DynamoDB refuses a start key outside the key condition: a cursor of another window
                throw new IllegalArgumentException(
                        "the cursor is not one of this window (since/until as given with it)");
            }
        }
        List<Delivery> found = new ArrayList<>();
        int read = 0;
        while (true) {
            Map<String, AttributeValue> from = start;
            QueryResponse response = dynamo.query(b -> b.tableName(table)
                    .indexName(BY_TARGET)
                    .keyConditionExpression("#t = :t AND attemptedAt BETWEEN :since AND :until")
                    .expressionAttributeNames(Map.of("#t", "target"))
                    .expressionAttributeValues(Map.of(
                            ":t", s(target),
                            ":since", n(since.toEpochMilli()),
                            ":until", n(until.toEpochMilli())))
                    .scanIndexForward(true)
                    .limit(Math.min(500, maxRead))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                read++;
                Delivery d = fromRecord(item);
                if (d.body() != null && !d.isResend() && d.latestOutcome() != Outcome.DELIVERED) {
                    found.add(d);
                    if (found.size() == max) {
                        return new Selection(found, encodeCursor(item));
                    }
                }
            }
            boolean more = response.hasLastEvaluatedKey()
                    && !response.lastEvaluatedKey().isEmpty();
            if (!more) {
                return new Selection(found, null);
            }
            start = response.lastEvaluatedKey();
            if (read >= maxRead) {
                return new Selection(found, encodeCursor(start));
            }
        }
    }

    /** One page of an account's deliveries of one event type, newest first; {@code next} is null on the last page. */
    public record Page(List<Delivery> deliveries, String next) {}

    /** A page of deliveries after {@code cursor} (null: the newest); throws IllegalArgumentException for a bad cursor. */
    public Page list(String account, EventType eventType, int limit, String cursor) {
        String target = target(account, eventType);
        Map<String, AttributeValue> start = cursor == null ? null : decodeCursor(cursor, target);
        QueryResponse response = dynamo.query(b -> b.tableName(table)
                .indexName(BY_TARGET)
                .keyConditionExpression("#t = :t")
                .expressionAttributeNames(Map.of("#t", "target"))
                .expressionAttributeValues(Map.of(":t", s(target)))
                .scanIndexForward(false)
                .limit(limit)
                .exclusiveStartKey(start));
        List<Delivery> page =
                response.items().stream().map(DeliveryStore::fromRecord).toList();
        boolean more =
                response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        return new Page(page, more ? encodeCursor(response.lastEvaluatedKey()) : null);
    }

    private static String encodeCursor(Map<String, AttributeValue> key) {
        String raw = s(key, "eventId") + "|" + n(key, "attemptedAt");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeCursor(String cursor, String target) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 2 || !parts[0].matches("evt_[0-9a-f]{32}(#[0-9a-f]{12})?")) {
                throw new IllegalArgumentException("the cursor is not one this API gave out");
            }
            return Map.of("eventId", s(parts[0]), "target", s(target), "attemptedAt", n(Long.parseLong(parts[1])));
        } catch (IllegalArgumentException e) { // includes NumberFormatException and bad base64
            throw new IllegalArgumentException("the cursor is not one this API gave out", e);
        }
    }

    private static Delivery fromRecord(Map<String, AttributeValue> item) {
        Long status = n(item, "statusCode");
        Long duration = n(item, "durationMs");
        return fromItem(
                item,
                Outcome.valueOf(s(item, "outcome")),
                status == null ? null : status.intValue(),
                duration == null ? 0 : duration,
                s(item, "error"));
    }

    private static Delivery.Latest latestOf(Map<String, AttributeValue> item) {
        String id = s(item, "latestId");
        if (id == null) {
            return null;
        }
        String outcome = s(item, "latestOutcome");
        return new Delivery.Latest(id, outcome == null ? null : Outcome.valueOf(outcome), instant(item, "latestAt"));
    }

    private static Map<String, AttributeValue> key(String eventId) {
        return Map.of("eventId", s(eventId));
    }

    static String target(String account, EventType eventType) {
        return account + "#" + eventType.name();
    }

    /** The item key: an event's first attempt is keyed by its event id, a resend by its own ({@link #keyOf}). */
    private static String keyOf(Delivery d) {
        return d.isResend() ? keyOf(d.id()).orElseThrow() : d.eventId();
    }

    private Map<String, AttributeValue> common(Delivery d) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("eventId", s(keyOf(d)));
        item.put("id", s(d.id()));
        item.put("account", s(d.account()));
        item.put("eventType", s(d.eventType().name()));
        item.put("url", s(d.url()));
        item.put("attemptedAt", n(d.attemptedAt().toEpochMilli()));
        item.put("expiresAt", n(d.attemptedAt().plus(retention).getEpochSecond()));
        if (d.body() != null) {
            item.put("body", s(d.body()));
        }
        if (d.test()) {
            item.put("test", Items.bool(true));
        }
        return item;
    }

    private static Delivery fromItem(
            Map<String, AttributeValue> item, Outcome outcome, Integer statusCode, long durationMs, String error) {
        String key = s(item, "eventId");
        return new Delivery(
                s(item, "id"),
                key.contains("#") ? key.substring(0, key.indexOf('#')) : key,
                s(item, "account"),
                EventType.valueOf(s(item, "eventType")),
                s(item, "url"),
                instant(item, "attemptedAt"),
                outcome,
                statusCode,
                durationMs,
                error,
                s(item, "body"),
                Items.bool(item, "test"),
                s(item, "resendOf"),
                s(item, "requestedBy"),
                latestOf(item));
    }

    /**
     * Counts one use of the limit {@code kind} ({@code test}: webhook test sends, {@code report-test}: report test
     * sends) by {@code account} in the fixed window {@code window} (its own counter item, {@code eventId}
     * {@code limit#<kind>#<account>#<window>}, without {@code target}, so never listed as a delivery, removed by TTL
     * at {@code expiresAt}); false, and nothing counted, when the window already holds {@code max}.
     */
    public boolean count(String kind, String account, long window, int max, Instant expiresAt) {
        return count(kind, account, window, max, expiresAt, 1);
    }

    /** {@link #count(String, String, long, int, Instant)} of {@code uses} at once: all of them, or none. */
    public boolean count(String kind, String account, long window, int max, Instant expiresAt, int uses) {
        return Items.conditionalWrite(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of("eventId", s("limit#" + kind + "#" + account + "#" + window)))
                .updateExpression("ADD #c :uses SET expiresAt = :x")
                .conditionExpression("attribute_not_exists(#c) OR #c <= :left")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(
                        Map.of(":uses", n(uses), ":left", n(max - uses), ":x", n(expiresAt.getEpochSecond())))));
    }

    /** How many uses of the limit {@code kind} {@code account} made in the window {@code window} (one GetItem). */
    public long counted(String kind, String account, long window) {
        return Items.get(dynamo, table, Map.of("eventId", s("limit#" + kind + "#" + account + "#" + window)))
                .map(item -> n(item, "count"))
                .orElse(0L);
    }

    /**
     * A cooldown of {@code key} for {@code kind} (its own item {@code cooldown#<kind>#<key>}, removed by TTL): when it
     * ends, or null when none is running at {@code now}.
     */
    public Instant coolingDownUntil(String kind, String key, Instant now) {
        return Items.get(dynamo, table, Map.of("eventId", s("cooldown#" + kind + "#" + key)))
                .map(item -> Instant.ofEpochSecond(Items.n(item, "expiresAt")))
                .filter(until -> until.isAfter(now))
                .orElse(null);
    }

    /** Starts a cooldown of {@code key} until {@code until}, unless one is running at {@code now}; false then. */
    public boolean startCooldown(String kind, String key, Instant now, Instant until) {
        return Items.conditionalWrite(() -> dynamo.putItem(b -> b.tableName(table)
                .item(Map.of("eventId", s("cooldown#" + kind + "#" + key), "expiresAt", n(until.getEpochSecond())))
                .conditionExpression("attribute_not_exists(eventId) OR expiresAt <= :now")
                .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))));
    }
}
