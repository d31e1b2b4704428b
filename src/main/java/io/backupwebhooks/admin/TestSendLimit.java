package io.backupwebhooks.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.admin.http.ApiException;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.store.DeliveryStore;

/**
 * The per-account limits of the admin API's sends, counted in DynamoDB so that they hold across function instances: a
 * fixed-window counter in the deliveries table ({@link DeliveryStore#count}), raised by one conditional
 * {@code UpdateItem} and removed by the table's TTL. Webhook test sends: {@code backup-webhooks.admin.test-sends-per-minute}
 * a clock minute; report test sends ({@code POST /report/test}, an email to every confirmed recipient): 3 a clock hour.
 */
@ApplicationScoped
public class TestSendLimit {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration REPORT_WINDOW = Duration.ofHours(1);
    static final int REPORT_TESTS_PER_HOUR = 3;

    private final DeliveryStore deliveries;
    private final int perMinute;

    TestSendLimit(DeliveryStore deliveries, ServiceConfig config) {
        this.deliveries = deliveries;
        this.perMinute = config.admin().testSendsPerMinute();
    }

    /** Counts one test send of {@code account}, or throws 429 with {@code Retry-After} when the minute is used up. */
    public void take(String account, Instant now) {
        take("test", account, now, WINDOW, perMinute, "at most " + perMinute + " test sends a minute per account");
    }

    /** Counts one report test send of {@code account}, or throws 429 when the hour's 3 are used up. */
    public void takeReportTest(String account, Instant now) {
        take(
                "report-test",
                account,
                now,
                REPORT_WINDOW,
                REPORT_TESTS_PER_HOUR,
                "at most " + REPORT_TESTS_PER_HOUR + " report test sends an hour per account");
    }

    private void take(String kind, String account, Instant now, Duration window, int max, String rule) {
        long index = now.getEpochSecond() / window.toSeconds();
        long windowEnds = (index + 1) * window.toSeconds();
        if (!deliveries.count(
                kind, account, index, max, Instant.ofEpochSecond(windowEnds).plus(window))) {
            long retryAfter = Math.max(1, windowEnds - now.getEpochSecond());
            throw new ApiException(
                    429,
                    "Too Many Requests",
                    rule + "; try again in " + retryAfter + " s",
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
    }
}
