package io.backupwebhooks.shared.store;

import java.time.Instant;
import java.util.List;

/**
 * An account's daily report: to whom (at most 10 addresses, each confirmed or not), at which local hour (0–23) in which
 * IANA time zone, and whether it is sent at all. {@code nextReportAt} (null when disabled) is when the next report is
 * due, {@code lastReportDay} the local day whose report was last sent (never sent twice), {@code version} grows with
 * every write. {@code linkBase} is where the emails' links point (PUBLIC_BASE_URL, else the URL the API was called at).
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
        long version) {

    /**
     * One address. {@code unsubscribeToken} (set once confirmed) is the random token of its one-click unsubscribe link;
     * the tokens table knows it only by its hash.
     */
    public record Recipient(String address, boolean confirmed, String unsubscribeToken, Instant addedAt) {}

    public List<Recipient> confirmed() {
        return recipients.stream().filter(Recipient::confirmed).toList();
    }
}
