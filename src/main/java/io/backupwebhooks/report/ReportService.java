package io.backupwebhooks.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.mail.AddressHash;
import io.backupwebhooks.shared.mail.Mailer;
import io.backupwebhooks.shared.observability.Metrics;
import io.backupwebhooks.shared.report.ReportMail;
import io.backupwebhooks.shared.schedule.ReportClock;
import io.backupwebhooks.shared.store.EmailTokenStore;
import io.backupwebhooks.shared.store.ReportSettings;
import io.backupwebhooks.shared.store.ReportSettingsStore;
import io.backupwebhooks.shared.work.Workers;

/**
 * The report run (every 5 minutes): reads the accounts whose report is due from the index (shard by shard, in
 * parallel) and sends each one's report of its day <b>at least once per confirmed address, never twice on purpose</b>.
 * A run claims the day with one conditional write (so overlapping runs do not both send) that also makes the account
 * due again after the retry delay; each address SES accepts is recorded at once; when every address is accepted the day
 * is settled and the account moves to its next report. An address that was not accepted (SES throttled, failed, the
 * run ran out of time or died) is sent by a later run, until the day's deadline, then given up (logged and counted).
 * Sends are paced to SES's rate; a throttled run stops sending, and a run stops claiming at its time budget: what it
 * leaves stays due for the next run.
 */
@ApplicationScoped
public class ReportService {

    private static final Logger LOG = Logger.getLogger(ReportService.class);
    private static final int CONCURRENCY = 8;
    /** A run stops sending after this many sends SES refused for its rate or quota. */
    static final int THROTTLES_PER_RUN = 5;

    /**
     * What one run did: accounts due, reports it completed, emails SES accepted, due accounts another run had, failures,
     * reports given up, accounts left due for the next run.
     */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Run(
            String time,
            int due,
            int sent,
            int emails,
            int skipped,
            int failed,
            int givenUp,
            int leftDue,
            int throttled,
            int suppressed) {}

    private final ReportSettingsStore settings;
    private final ReportMail mail;
    private final EmailTokenStore tokens;
    private final double sendsPerSecond;
    private final Duration budget;
    private final Duration retryAfter;
    private final Duration giveUpAfter;

    ReportService(ReportSettingsStore settings, ReportMail mail, EmailTokenStore tokens, ServiceConfig config) {
        this.settings = settings;
        this.mail = mail;
        this.tokens = tokens;
        this.sendsPerSecond = config.report().sendsPerSecond();
        this.budget = config.report().budget();
        this.retryAfter = config.report().retryAfter();
        this.giveUpAfter = config.report().giveUpAfter();
    }

    /** The counters of one run, shared by its workers. */
    private static final class Tally {
        final AtomicInteger due = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger emails = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger givenUp = new AtomicInteger();
        final AtomicInteger leftDue = new AtomicInteger();
        final AtomicInteger throttled = new AtomicInteger();
        final AtomicBoolean stopSending = new AtomicBoolean();
    }

    public Run run(Instant now) {
        Instant deadline = Instant.now().plus(budget);
        // 10 % under the rate: sends leave at jittered moments, and SES counts any one second
        Pacer pacer = new Pacer(sendsPerSecond * 0.9);
        Tally t = new Tally();
        t.failed.addAndGet(Workers.overShards(
                ReportSettingsStore.SHARDS,
                CONCURRENCY,
                shard -> settings.due(shard, now).forEach(account -> {
                    t.due.incrementAndGet();
                    if (t.stopSending.get() || Instant.now().isAfter(deadline) || pacer.full(deadline)) {
                        t.leftDue.incrementAndGet(); // not claimed: still due for the next run
                        return;
                    }
                    try {
                        report(account, now, deadline, pacer, t);
                    } catch (RuntimeException e) {
                        LOG.warnf("report of %s failed: %s", account.account(), e.toString());
                        t.failed.incrementAndGet();
                    }
                }),
                "a shard of the report run failed; its accounts stay due"));
        Run run = new Run(
                now.toString(),
                t.due.get(),
                t.sent.get(),
                t.emails.get(),
                t.skipped.get(),
                t.failed.get(),
                t.givenUp.get(),
                t.leftDue.get(),
                t.throttled.get(),
                0);
        Metrics.reportRun(
                run.due(),
                run.emails(),
                run.throttled(),
                run.failed(),
                run.givenUp(),
                run.leftDue(),
                "report run at " + now + ": " + run);
        return run;
    }

    /**
     * SES's feedback on a report email (an EventBridge event of the stack's configuration set): a permanent bounce or a
     * complaint suppresses each address it names, for every account (a transient bounce changes nothing).
     */
    public Run feedback(String detailType, com.fasterxml.jackson.databind.JsonNode detail) {
        List<String> addresses = new java.util.ArrayList<>();
        String why = null;
        if ("Email Bounced".equals(detailType)
                && "Permanent".equals(detail.path("bounce").path("bounceType").asText())) {
            detail.path("bounce")
                    .path("bouncedRecipients")
                    .forEach(r -> addresses.add(r.path("emailAddress").asText()));
            why = "a permanent bounce";
        } else if ("Email Complaint Received".equals(detailType)) {
            detail.path("complaint")
                    .path("complainedRecipients")
                    .forEach(r -> addresses.add(r.path("emailAddress").asText()));
            why = "a complaint";
        }
        int suppressed = 0;
        for (String address : addresses) {
            if (address.isBlank()) {
                continue;
            }
            String hash = AddressHash.of(address);
            tokens.suppress(hash, why);
            suppressed++;
            LOG.infof("report recipient suppressed after %s: address %s", why, hash);
        }
        return new Run(Instant.now().toString(), 0, 0, 0, 0, 0, 0, 0, 0, suppressed);
    }

    /** Claims one due account's day (new, or pending since an earlier run) and sends what is not accepted yet. */
    private void report(ReportSettings account, Instant now, Instant deadline, Pacer pacer, Tally t) {
        ZoneId zone = ZoneId.of(account.timezone());
        Instant regular = ReportClock.nextAt(account.hour(), zone, now);
        ReportSettings.Pending pending = account.pending();
        LocalDate day;
        java.util.Set<String> accepted;
        long version;
        if (pending != null) {
            day = LocalDate.parse(pending.day());
            if (now.isAfter(pending.deadline())) {
                giveUp(account, regular, t);
                return;
            }
            accepted = pending.accepted();
            version = settings.claimRetry(account, now.plus(retryAfter));
        } else {
            day = ReportClock.dayReportedAt(account.nextReportAt(), zone);
            if (day.toString().equals(account.lastReportDay())) {
                settings.advance(account, regular); // reported already (the hour was moved later the same day)
                t.skipped.incrementAndGet();
                return;
            }
            accepted = java.util.Set.of();
            version = settings.claimDay(account, day.toString(), now.plus(retryAfter), now.plus(giveUpAfter));
        }
        if (version < 0) {
            t.skipped.incrementAndGet(); // another run has it
            return;
        }
        long[] latest = {version};
        // an address that asked never to be emailed gets nothing, whichever account lists it (one BatchGetItem)
        java.util.Set<String> suppressed = tokens.suppressedAmong(account.confirmed().stream()
                .map(r -> AddressHash.of(r.address()))
                .filter(h -> !accepted.contains(h))
                .toList());
        boolean complete = mail.send(
                account,
                day,
                zone,
                now,
                true,
                recipient -> {
                    String hash = AddressHash.of(recipient.address());
                    if (accepted.contains(hash) || suppressed.contains(hash)) {
                        return ReportMail.Outcome.ALREADY;
                    }
                    if (t.stopSending.get()) {
                        return ReportMail.Outcome.STOP;
                    }
                    try {
                        if (!pacer.acquire(deadline)) {
                            return ReportMail.Outcome.STOP;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return ReportMail.Outcome.STOP;
                    }
                    return ReportMail.Outcome.SEND;
                },
                (recipient, error) -> {
                    if (error == null) {
                        long v = settings.accepted(
                                account.account(), day.toString(), AddressHash.of(recipient.address()));
                        if (v > 0) {
                            latest[0] = v;
                        }
                        t.emails.incrementAndGet();
                    } else if (error instanceof Mailer.Throttled) {
                        // SES's rate was passed (its window is not ours): pause the pace a second; at the quota, or
                        // far above the rate, several in one run: this run sends no more, the next goes on
                        pacer.backOff(Duration.ofSeconds(1));
                        if (t.throttled.incrementAndGet() >= THROTTLES_PER_RUN) {
                            t.stopSending.set(true);
                        }
                        LOG.warnf("report of %s for %s: %s; retried later", account.account(), day, error.getMessage());
                    } else {
                        t.failed.incrementAndGet();
                        LOG.warnf(
                                "report of %s for %s to address %s failed: %s; retried until %s",
                                account.account(),
                                day,
                                AddressHash.of(recipient.address()),
                                error.toString(),
                                pending == null ? now.plus(giveUpAfter) : pending.deadline());
                    }
                });
        if (complete) {
            settle(account.account(), latest[0], regular);
            t.sent.incrementAndGet();
        }
    }

    /**
     * Ends the pending day. When the admin changed the settings meanwhile the write fails: the account stays pending
     * and due at its retry time, and that run, finding every address accepted, settles it without sending.
     */
    private void settle(String account, long version, Instant regular) {
        settings.settle(account, version, regular);
    }

    private void giveUp(ReportSettings account, Instant regular, Tally t) {
        ReportSettings.Pending p = account.pending();
        if (settings.settle(account.account(), account.version(), regular)) {
            t.givenUp.incrementAndGet();
            LOG.errorf(
                    "report of %s for %s given up at its deadline %s after %d runs: %d of %d confirmed addresses"
                            + " accepted",
                    account.account(),
                    p.day(),
                    p.deadline(),
                    p.attempts(),
                    p.accepted().size(),
                    account.confirmed().size());
        }
    }
}
