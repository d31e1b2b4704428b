package io.backupwebhooks.shared.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.mail.Mailer;
import io.backupwebhooks.shared.schedule.ReportClock;
import io.backupwebhooks.shared.store.EmailTokenStore;
import io.backupwebhooks.shared.store.OutcomeStore;
import io.backupwebhooks.shared.store.ReportSettings;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/**
 * The daily report's composition and sending, shared by the hourly run (the report function) and the admin's test
 * send: reads an account's outcomes of one local day (one or two queries), renders the Qute templates
 * {@code report.html}/{@code report.txt} and emails each confirmed recipient, each with their own unsubscribe link
 * (RFC 8058 one-click headers), a fresh token per email kept only as its hash (valid 60 days).
 */
@ApplicationScoped
public class ReportMail {

    /** How long a report's unsubscribe link works (its token's TTL). */
    static final java.time.Duration UNSUBSCRIBE_VALID = java.time.Duration.ofDays(60);

    private final OutcomeStore outcomes;
    private final EmailTokenStore tokens;
    private final Mailer mailer;
    private final Template html;
    private final Template text;

    ReportMail(
            OutcomeStore outcomes,
            EmailTokenStore tokens,
            Mailer mailer,
            @Location("report.html") Template html,
            @Location("report.txt") Template text) {
        this.outcomes = outcomes;
        this.tokens = tokens;
        this.mailer = mailer;
        this.html = html;
        this.text = text;
    }

    /** Today's report so far (the admin's test send), to the confirmed recipients; the number of emails sent. */
    public int sendToday(ReportSettings account, Instant now) {
        ZoneId zone = ZoneId.of(account.timezone());
        return send(account, LocalDate.ofInstant(now, zone), zone, now, false);
    }

    /** What to do for one recipient: send, skip (SES accepted it before), or stop (send no more now). */
    public enum Outcome {
        SEND,
        ALREADY,
        STOP
    }

    /**
     * The report of {@code day} (the whole day, or until {@code now} when {@code wholeDay} is false) to the account's
     * confirmed recipients, failing on the first error; the number of emails sent.
     */
    public int send(ReportSettings account, LocalDate day, ZoneId zone, Instant now, boolean wholeDay) {
        int[] sent = {0};
        send(account, day, zone, now, wholeDay, r -> Outcome.SEND, (r, error) -> {
            if (error != null) {
                throw error;
            }
            sent[0]++;
        });
        return sent[0];
    }

    /**
     * The report of {@code day} to each confirmed recipient that {@code before} says to send to, in order; after each
     * send, {@code after} gets the recipient and null (SES accepted it) or the error. The day's outcomes are read once,
     * and only if one recipient is sent to. Answers true when every confirmed recipient was accepted, now or before.
     */
    public boolean send(
            ReportSettings account,
            LocalDate day,
            ZoneId zone,
            Instant now,
            boolean wholeDay,
            Function<ReportSettings.Recipient, Outcome> before,
            BiConsumer<ReportSettings.Recipient, RuntimeException> after) {
        DailyReport report = null;
        boolean all = true;
        for (ReportSettings.Recipient recipient : account.confirmed()) {
            Outcome outcome = before.apply(recipient);
            if (outcome == Outcome.ALREADY) {
                continue;
            }
            if (outcome == Outcome.STOP) {
                return false;
            }
            if (report == null) {
                Instant from = ReportClock.startOf(day, zone);
                Instant to = wholeDay ? ReportClock.startOf(day.plusDays(1), zone) : now;
                report = DailyReport.of(
                        account.account(),
                        day,
                        zone,
                        !wholeDay,
                        outcomes.between(account.account(), from, to),
                        account.linkBase());
            }
            // a fresh unsubscribe token for each email, stored only as its hash (the email is its only clear copy)
            String token = EmailTokenStore.newToken();
            tokens.put(
                    token,
                    EmailTokenStore.Purpose.UNSUBSCRIBE,
                    account.account(),
                    recipient.address(),
                    Instant.now().plus(UNSUBSCRIBE_VALID));
            String unsubscribe = account.linkBase() + "/report/unsubscribe?token=" + token;
            DailyReport mine = report.forRecipient(unsubscribe);
            RuntimeException error = null;
            try {
                mailer.send(new Mailer.Email(
                        recipient.address(),
                        mine.subject(),
                        text.data("report", mine).render(),
                        html.data("report", mine).render(),
                        Map.of(
                                "List-Unsubscribe",
                                "<" + unsubscribe + ">",
                                "List-Unsubscribe-Post",
                                "List-Unsubscribe=One-Click")));
            } catch (RuntimeException e) {
                error = e;
                all = false;
            }
            after.accept(recipient, error);
        }
        return all;
    }

    /** The HTML of a report (for a picture of it). */
    public String html(DailyReport report) {
        return html.data("report", report).render();
    }
}
