package io.backupwebhooks.shared.report;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.BackupOutcome;
import io.backupwebhooks.shared.store.Delivery;
import io.quarkus.qute.TemplateData;

/**
 * One account's report of one local day: counts per event type, the failures, partial successes and missed starts
 * (the first {@value #LISTED} of each, then "and N more"), and the webhook attempts that failed or were blocked.
 */
@TemplateData
public record DailyReport(
        String account,
        String day,
        String timezone,
        boolean partialDay,
        long succeeded,
        long partial,
        long failed,
        long missed,
        List<Line> failures,
        long moreFailures,
        List<Line> partials,
        long morePartials,
        List<Line> missedStarts,
        long moreMissed,
        List<Line> webhookProblems,
        long moreWebhookProblems,
        String webhooksPageUrl,
        String unsubscribeUrl) {

    static final int LISTED = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    /** One listed outcome: server, policy, local time (and restore point / webhook detail). */
    @TemplateData
    public record Line(String time, String type, String server, String policy, String restorePoint, String detail) {}

    public long total() {
        return succeeded + partial + failed + missed;
    }

    public boolean empty() {
        return total() == 0;
    }

    public String subject() {
        String head = "Backups for " + account + " on " + day + (partialDay ? " so far" : "") + ": ";
        if (empty()) {
            return head + "no backups ran";
        }
        List<String> parts = new ArrayList<>();
        parts.add(succeeded + " succeeded");
        if (partial > 0) {
            parts.add(partial + " partially succeeded");
        }
        parts.add(failed + " failed");
        parts.add(missed + " missed");
        return head + String.join(", ", parts);
    }

    /** The report of {@code outcomes} (one local day's, oldest first). */
    public static DailyReport of(
            String account,
            LocalDate day,
            ZoneId zone,
            boolean partialDay,
            List<BackupOutcome> outcomes,
            String linkBase) {
        long[] counts = new long[EventType.values().length];
        List<Line> failures = new ArrayList<>();
        List<Line> partials = new ArrayList<>();
        List<Line> missed = new ArrayList<>();
        List<Line> webhooks = new ArrayList<>();
        long webhookProblems = 0;
        for (BackupOutcome o : outcomes) {
            counts[o.type().ordinal()]++;
            Line line = line(o, zone, null);
            switch (o.type()) {
                case FAILED -> add(failures, line);
                case PARTIAL_SUCCESS -> add(partials, line);
                case MISSING -> add(missed, line);
                default -> {}
            }
            if (o.webhook() == Delivery.Outcome.FAILED || o.webhook() == Delivery.Outcome.BLOCKED) {
                webhookProblems++;
                add(
                        webhooks,
                        line(
                                o,
                                zone,
                                o.webhook().name()
                                        + (o.webhookStatus() == null ? "" : " " + o.webhookStatus())
                                        + (o.webhookError() == null ? "" : ": " + o.webhookError())));
            }
        }
        long failed = counts[EventType.FAILED.ordinal()];
        long partial = counts[EventType.PARTIAL_SUCCESS.ordinal()];
        long missing = counts[EventType.MISSING.ordinal()];
        return new DailyReport(
                account,
                day.toString(),
                zone.getId(),
                partialDay,
                counts[EventType.SUCCESS.ordinal()],
                partial,
                failed,
                missing,
                failures,
                failed - failures.size(),
                partials,
                partial - partials.size(),
                missed,
                missing - missed.size(),
                webhooks,
                webhookProblems - webhooks.size(),
                linkBase + "/",
                null);
    }

    /** The same report for one recipient: with that address's unsubscribe link. */
    public DailyReport forRecipient(String unsubscribeUrl) {
        return new DailyReport(
                account,
                day,
                timezone,
                partialDay,
                succeeded,
                partial,
                failed,
                missed,
                failures,
                moreFailures,
                partials,
                morePartials,
                missedStarts,
                moreMissed,
                webhookProblems,
                moreWebhookProblems,
                webhooksPageUrl,
                unsubscribeUrl);
    }

    private static void add(List<Line> list, Line line) {
        if (list.size() < LISTED) {
            list.add(line);
        }
    }

    private static Line line(BackupOutcome o, ZoneId zone, String detail) {
        String policy = o.accountPolicyName() != null ? o.accountPolicyName() : o.accountPolicyId();
        return new Line(
                TIME.format(o.at().atZone(zone)), o.type().name(), o.server(), policy, o.restorePointId(), detail);
    }
}
