package io.backupwebhooks.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.report.ReportMail;
import io.backupwebhooks.shared.schedule.ReportClock;
import io.backupwebhooks.shared.store.ReportSettings;
import io.backupwebhooks.shared.store.ReportSettingsStore;
import io.backupwebhooks.shared.work.Workers;

/**
 * The hourly report run: reads the accounts whose report is due from the index (shard by shard, in parallel), and for
 * each claims its day with one conditional write (the version read, and a day not yet reported), so that overlapping
 * or repeated runs send each account's report of each day once; the winner has {@link ReportMail} send the day's report.
 */
@ApplicationScoped
public class ReportService {

    private static final Logger LOG = Logger.getLogger(ReportService.class);
    private static final int CONCURRENCY = 8;

    /** What one run did: accounts due, reports sent, emails sent, due accounts another run had, failures. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Run(String time, int due, int sent, int emails, int skipped, int failed) {}

    private final ReportSettingsStore settings;
    private final ReportMail mail;

    ReportService(ReportSettingsStore settings, ReportMail mail) {
        this.settings = settings;
        this.mail = mail;
    }

    public Run run(Instant now) {
        AtomicInteger due = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger emails = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        failed.addAndGet(Workers.overShards(
                ReportSettingsStore.SHARDS,
                CONCURRENCY,
                shard -> settings.due(shard, now).forEach(account -> {
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
                }),
                "a shard of the report run failed; its accounts stay due"));
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
        return mail.send(account, day, zone, now, true);
    }
}
