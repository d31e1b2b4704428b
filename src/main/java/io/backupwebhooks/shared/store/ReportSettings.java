package io.backupwebhooks.shared.store;

import java.time.Instant;
import java.util.List;

/**
 * An account's daily report: to whom (at most 10 addresses, each confirmed or not), at which local hour (0–23) in which
 * IANA time zone, and whether it is sent at all. {@code nextReportAt} (null when disabled) is when the next report is
 * due, {@code lastReportDay} the local day whose report was last sent (never sent twice), {@code version} grows with
 * every write. {@code linkBase} is where the emails' links point (PUBLIC_BASE_URL, else the URL the API was called at).
 * {@code pending}: the day whose report is still being sent (null: none).
 */
public record ReportSettings(
        String account,
        boolean enabled,
        int hour,
        String timezone,
        List<Recipient> recipients,
        Instant nextReportAt,
        String lastReportDay,
        String linkBase,
        Instant updatedAt,
        long version,
        Pending pending) {

    public ReportSettings(
            String account,
            boolean enabled,
            int hour,
            String timezone,
            List<Recipient> recipients,
            Instant nextReportAt,
            String lastReportDay,
            String linkBase,
            Instant updatedAt,
            long version) {
        this(
                account,
                enabled,
                hour,
                timezone,
                recipients,
                nextReportAt,
                lastReportDay,
                linkBase,
                updatedAt,
                version,
                null);
    }

    /**
     * The report of {@code day} while it is being sent: retried by later runs until {@code deadline}; {@code accepted}
     * holds the {@link io.backupwebhooks.shared.mail.AddressHash hashes} of the addresses whose email SES accepted
     * (never sent again); {@code attempts} counts the runs that tried.
     */
    public record Pending(String day, Instant deadline, java.util.Set<String> accepted, int attempts) {}

    /**
     * One address. {@code unsubscribeToken} (set once confirmed) is the random token of its one-click unsubscribe link;
     * the tokens table knows it only by its hash.
     */
    public record Recipient(String address, boolean confirmed, String unsubscribeToken, Instant addedAt) {}

    public List<Recipient> confirmed() {
        return recipients.stream().filter(Recipient::confirmed).toList();
    }
}
