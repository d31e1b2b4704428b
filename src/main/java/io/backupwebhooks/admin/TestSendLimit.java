package io.backupwebhooks.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.admin.http.ApiException;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.store.DeliveryStore;

/**
 * At most {@code backup-webhooks.admin.test-sends-per-minute} test sends per account and clock minute, counted in
 * DynamoDB so that the limit holds across function instances: a fixed-window counter in the deliveries table
 * ({@link DeliveryStore#countTestSend}), raised by one conditional {@code UpdateItem} and removed by the table's TTL.
 */
@ApplicationScoped
public class TestSendLimit {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final DeliveryStore deliveries;
    private final int perMinute;

    TestSendLimit(DeliveryStore deliveries, ServiceConfig config) {
        this.deliveries = deliveries;
        this.perMinute = config.admin().testSendsPerMinute();
    }

    /** Counts one test send of {@code account}, or throws 429 with {@code Retry-After} when the minute is used up. */
    public void take(String account, Instant now) {
        long window = now.getEpochSecond() / WINDOW.toSeconds();
        long windowEnds = (window + 1) * WINDOW.toSeconds();
        if (!deliveries.countTestSend(
                account, window, perMinute, Instant.ofEpochSecond(windowEnds).plus(WINDOW))) {
            long retryAfter = Math.max(1, windowEnds - now.getEpochSecond());
            throw new ApiException(
                    429,
                    "Too Many Requests",
                    "at most " + perMinute + " test sends a minute per " + "account; try again in " + retryAfter + " s",
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
    }
}
