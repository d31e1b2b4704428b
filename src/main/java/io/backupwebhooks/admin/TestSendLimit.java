package io.backupwebhooks.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.admin.http.ApiException;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.mail.AddressHash;
import io.backupwebhooks.shared.store.DeliveryStore;

/**
 * The per-account limits of the admin API's sends, counted in DynamoDB so that they hold across function instances: a
 * fixed-window counter in the deliveries table ({@link DeliveryStore#count}), raised by one conditional
 * {@code UpdateItem} and removed by the table's TTL. Webhook test sends: {@code backup-webhooks.admin.test-sends-per-minute}
 * a clock minute; report test sends ({@code POST /report/test}, an email to every confirmed recipient): 3 a clock hour;
 * resends (spec 6, both routes): {@code backup-webhooks.admin.resends-per-hour} a clock hour, a limit of their own so
 * that a recovery neither uses up nor is held to the test sends' minute.
 */
@ApplicationScoped
public class TestSendLimit {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration REPORT_WINDOW = Duration.ofHours(1);
    static final int REPORT_TESTS_PER_HOUR = 3;
    static final int NEW_ADDRESSES_PER_DAY = 10;
    static final Duration DAY = Duration.ofDays(1);
    /** One confirmation email per address (by hash, across all accounts) per this long. */
    static final Duration CONFIRMATION_COOLDOWN = Duration.ofHours(24);

    static final Duration RESEND_WINDOW = Duration.ofHours(1);

    private final DeliveryStore deliveries;
    private final int perMinute;
    private final int resendsPerHour;

    TestSendLimit(DeliveryStore deliveries, ServiceConfig config) {
        this.deliveries = deliveries;
        this.perMinute = config.admin().testSendsPerMinute();
        this.resendsPerHour = config.admin().resendsPerHour();
    }

    /** How many resends {@code account} may still ask for in this clock hour (one GetItem). */
    public int resendsLeft(String account, Instant now) {
        long window = now.getEpochSecond() / RESEND_WINDOW.toSeconds();
        return (int) Math.max(0, resendsPerHour - deliveries.counted("resend", account, window));
    }

    /**
     * Counts {@code count} resends of {@code account} (all or none), or throws 429 naming the rule and how many the
     * hour has left.
     */
    public void takeResends(String account, int count, Instant now) {
        long window = now.getEpochSecond() / RESEND_WINDOW.toSeconds();
        String rule = "resends: at most " + resendsPerHour + " a clock hour per account";
        long windowEnds = (window + 1) * RESEND_WINDOW.toSeconds();
        if (!deliveries.count(
                "resend",
                account,
                window,
                resendsPerHour,
                Instant.ofEpochSecond(windowEnds).plus(RESEND_WINDOW),
                count)) {
            long left = Math.max(0, resendsPerHour - deliveries.counted("resend", account, window));
            long retryAfter = Math.max(1, windowEnds - now.getEpochSecond());
            throw new ApiException(
                    429,
                    "Too Many Requests",
                    rule + "; this request asks for " + count + " and this hour has " + left + " left (a shorter "
                            + "window asks for fewer); the next hour begins in " + retryAfter + " s",
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
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

    /** Counts {@code count} new report addresses of {@code account}, or throws 429 when the day's 10 would be passed. */
    public void takeNewAddresses(String account, int count, Instant now) {
        take(
                "new-address",
                account,
                now,
                DAY,
                NEW_ADDRESSES_PER_DAY,
                count,
                "recipients: at most " + NEW_ADDRESSES_PER_DAY + " new report addresses a day (UTC) per account, and "
                        + "this request adds " + count);
    }

    /**
     * Throws 429 when a confirmation email went to this address (from any account) within the last 24 hours; its
     * {@code Retry-After} is when the next may go.
     */
    public void requireNoConfirmationSince(String address, Instant now) {
        Instant until = deliveries.coolingDownUntil("confirm", AddressHash.of(address), now);
        if (until != null) {
            long retryAfter = Math.max(1, until.getEpochSecond() - now.getEpochSecond());
            throw new ApiException(
                    429,
                    "Too Many Requests",
                    "recipients: " + address + " was sent a confirmation email in the last 24 hours (by this or another"
                            + " account): one a day per address; try again in " + retryAfter + " s",
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
    }

    /** Starts the address's 24-hour confirmation cooldown; false when one is running (a race: send nothing). */
    public boolean startConfirmationCooldown(String address, Instant now) {
        return deliveries.startCooldown("confirm", AddressHash.of(address), now, now.plus(CONFIRMATION_COOLDOWN));
    }

    private void take(String kind, String account, Instant now, Duration window, int max, String rule) {
        take(kind, account, now, window, max, 1, rule);
    }

    private void take(String kind, String account, Instant now, Duration window, int max, int uses, String rule) {
        long index = now.getEpochSecond() / window.toSeconds();
        long windowEnds = (index + 1) * window.toSeconds();
        if (!deliveries.count(
                kind, account, index, max, Instant.ofEpochSecond(windowEnds).plus(window), uses)) {
            long retryAfter = Math.max(1, windowEnds - now.getEpochSecond());
            throw new ApiException(
                    429,
                    "Too Many Requests",
                    rule + "; try again in " + retryAfter + " s",
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
    }
}
