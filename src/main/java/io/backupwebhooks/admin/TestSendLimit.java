package io.backupwebhooks.admin;

import static io.backupwebhooks.shared.store.Items.n;
import static io.backupwebhooks.shared.store.Items.s;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.admin.http.ApiException;
import io.backupwebhooks.shared.config.ServiceConfig;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * At most {@code backup-webhooks.admin.test-sends-per-minute} test sends per account and clock minute, counted in
 * DynamoDB so that the limit holds across function instances: a fixed-window counter item in the deliveries table
 * ({@code eventId} = {@code limit#test#<account>#<minute>}, no {@code target}, so it is never listed as a delivery),
 * raised by one conditional {@code UpdateItem} and removed by the table's TTL.
 */
@ApplicationScoped
public class TestSendLimit {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final DynamoDbClient dynamo;
    private final String table;
    private final int perMinute;

    TestSendLimit(DynamoDbClient dynamo, ServiceConfig config) {
        this.dynamo = dynamo;
        this.table = config.tables().deliveries();
        this.perMinute = config.admin().testSendsPerMinute();
    }

    /** Counts one test send of {@code account}, or throws 429 with {@code Retry-After} when the minute is used up. */
    public void take(String account, Instant now) {
        long window = now.getEpochSecond() / WINDOW.toSeconds();
        long windowEnds = (window + 1) * WINDOW.toSeconds();
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("eventId", s("limit#test#" + account + "#" + window)))
                    .updateExpression("ADD #c :one SET expiresAt = :x")
                    .conditionExpression("attribute_not_exists(#c) OR #c < :max")
                    .expressionAttributeNames(Map.of("#c", "count"))
                    .expressionAttributeValues(Map.of(":one", n(1), ":max", n(perMinute),
                            ":x", n(windowEnds + WINDOW.toSeconds()))));
        } catch (ConditionalCheckFailedException used) {
            long retryAfter = Math.max(1, windowEnds - now.getEpochSecond());
            throw new ApiException(429, "Too Many Requests", "at most " + perMinute + " test sends a minute per "
                    + "account; try again in " + retryAfter + " s", Map.of("Retry-After", Long.toString(retryAfter)));
        }
    }
}
