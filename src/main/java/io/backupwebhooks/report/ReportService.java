package io.backupwebhooks.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.store.OutcomeStore;
import io.backupwebhooks.shared.store.ReportSettings;
import io.backupwebhooks.shared.store.ReportSettingsStore;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The hourly report run: reads the accounts whose report is due from the index (shard by shard, in parallel), and for
 * each claims its day with one conditional write (the version read, and a day not yet reported), so that overlapping
 * or repeated runs send each account's report of each day once; the winner reads the day's outcomes (one or two
 * queries) and emails its confirmed recipients, each with their own unsubscribe link.
 */
@ApplicationScoped
public class ReportService {

    private static final Logger LOG = Logger.getLogger(ReportService.class);
    private static final int CONCURRENCY = 8;

    /** What one run did: accounts due, reports sent, emails sent, due accounts another run had, failures. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Run(String time, int due, int sent, int emails, int skipped, int failed) {
    }

    private final ReportSettingsStore settings;
    private final OutcomeStore outcomes;
    private final Mailer mailer;
    private final Template html;
    private final Template text;

    ReportService(ReportSettingsStore settings, OutcomeStore outcomes, Mailer mailer,
            @Location("report.html") Template html, @Location("report.txt") Template text) {
        this.settings = settings;
        this.outcomes = outcomes;
        this.mailer = mailer;
        this.html = html;
        this.text = text;
    }

    public Run run(Instant now) {
        AtomicInteger due = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger emails = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Infrastructure.getDefaultWorkerPool();
        AtomicInteger nextShard = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            workers.add(pool.submit(() -> {
                for (int shard = nextShard.getAndIncrement(); shard < ReportSettingsStore.SHARDS;
                        shard = nextShard.getAndIncrement()) {
                    settings.due(shard, now).forEach(account -> {
                        due.incrementAndGet();
                        try {
                            int n = report(account, now);
                            if (n < 0) {
                                skipped.incrementAndGet();
                            } else {
                                sent.incrementAndGet();
                                emails.addAndGet(n);
                            }
                        } catch (RuntimeException e) {
                            LOG.warnf("report of %s failed: %s", account.account(), e.toString());
                            failed.incrementAndGet();
                        }
                    });
                }
            }));
        }
        for (Future<?> worker : workers) {
            try {
                worker.get();
            } catch (ExecutionException e) {
                LOG.error("a shard of the report run failed; its accounts stay due", e.getCause());
                failed.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("report run interrupted", e);
            }
        }
        Run run = new Run(now.toString(), due.get(), sent.get(), emails.get(), skipped.get(), failed.get());
        LOG.infof("report run at %s: %s", now, run);
        return run;
    }

    /** Claims and sends one due account's report; the number of emails sent, or -1 when another run has it. */
    int report(ReportSettings account, Instant now) {
        ZoneId zone = ZoneId.of(account.timezone());
        LocalDate day = ReportClock.dayReportedAt(account.nextReportAt(), zone);
        Instant next = ReportClock.nextAt(account.hour(), zone, now);
        if (day.toString().equals(account.lastReportDay())) {
            settings.advance(account, next); // reported already (the hour was moved later the same day)
            return -1;
        }
        if (!settings.claimDay(account, day.toString(), next)) {
            return -1;
        }
        return send(account, day, zone, now, false);
    }

    /** Today's report so far (the admin's test send), to the confirmed recipients; the number of emails sent. */
    public int sendToday(ReportSettings account, Instant now) {
        ZoneId zone = ZoneId.of(account.timezone());
        return send(account, LocalDate.ofInstant(now, zone), zone, now, true);
    }

    private int send(ReportSettings account, LocalDate day, ZoneId zone, Instant now, boolean partialDay) {
        List<ReportSettings.Recipient> recipients = account.confirmed();
        if (recipients.isEmpty()) {
            return 0;
        }
        Instant from = ReportClock.startOf(day, zone);
        Instant to = partialDay ? now : ReportClock.startOf(day.plusDays(1), zone);
        DailyReport report = DailyReport.of(account.account(), day, zone, partialDay,
                outcomes.between(account.account(), from, to), account.linkBase());
        int sent = 0;
        for (ReportSettings.Recipient recipient : recipients) {
            String unsubscribe = account.linkBase() + "/report/unsubscribe?token=" + recipient.unsubscribeToken();
            DailyReport mine = report.forRecipient(unsubscribe);
            mailer.send(new Mailer.Email(recipient.address(), mine.subject(), text.data("report", mine).render(),
                    html.data("report", mine).render(), Map.of("List-Unsubscribe", "<" + unsubscribe + ">",
                            "List-Unsubscribe-Post", "List-Unsubscribe=One-Click")));
            sent++;
        }
        return sent;
    }

    /** The HTML of a report (for a picture of it). */
    public String html(DailyReport report) {
        return html.data("report", report).render();
    }
}
