package io.backupwebhooks.shared.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When an account's report is due, and which day it covers. The report of local day D is due at the account's hour on
 * D + 1 in its zone (an hour skipped by a daylight-saving change: the first instant after the gap). A local day is
 * from its first instant to the next day's, so it has 23 or 25 hours on the days the clocks change.
 */
public final class ReportClock {

    private ReportClock() {}

    /** The first report time strictly after {@code after}. */
    public static Instant nextAt(int hour, ZoneId zone, Instant after) {
        LocalDate day = LocalDate.ofInstant(after, zone);
        for (int i = 0; ; i++) {
            Instant candidate = ZonedDateTime.of(day.plusDays(i), LocalTime.of(hour, 0), zone)
                    .toInstant();
            if (candidate.isAfter(after)) {
                return candidate;
            }
        }
    }

    /** The local day whose report is due at {@code due}: the day before. */
    public static LocalDate dayReportedAt(Instant due, ZoneId zone) {
        return LocalDate.ofInstant(due, zone).minusDays(1);
    }

    /** The first instant of local {@code day}. */
    public static Instant startOf(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }
}
