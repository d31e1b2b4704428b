package io.backupwebhooks.shared.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A backup policy's schedule: a 5-field cron expression in an IANA time zone, or an ISO 8601 repeating interval
 * {@code R/{first start}/PT{n}H} (spec §5: n = 1…168 whole hours, the first start to the millisecond, independent of
 * time zones; the zone is then only shown). Immutable, thread-safe.
 *
 * <p>Syntax is cron-utils' {@link CronType#UNIX}: lists, ranges, steps, JAN..DEC / SUN..SAT names
 * (day-of-week 0 and 7 are Sunday; SUN parses as 7, so the range SUN-SAT is rejected: write 0-6 or *),
 * and day-of-month OR day-of-week when both are restricted. No
 * {@code L}, {@code W}, {@code #}, {@code ?}, seconds/years fields or {@code @daily}-style nicknames.
 *
 * <p>cron-utils' time arithmetic is unreliable across daylight-saving changes, so it is only asked for
 * <em>wall-clock</em> matches, computed in {@link ZoneOffset#UTC} (no DST, so the sequence is exact). Each
 * match is then mapped to an instant in the policy's zone ({@link #toInstant}): a wall time skipped by a
 * spring-forward gap starts at the transition (the first instant after the gap); a wall time repeated by a
 * fall-back overlap starts once, at the earlier offset; wall times mapping to the same instant start once.
 * The mapping is monotonic (a later wall time never maps to an earlier instant), which is what the search
 * in {@link #nextAfter} relies on.
 *
 * <p>Zones must be region ids of the tz database ("America/Chicago", "UTC", "Etc/GMT-5"). Fixed-offset ids
 * such as "+05:00" or "UTC+05:00" are rejected although {@link ZoneId#of} accepts them, so that stored
 * policies only ever hold IANA names.
 */
public final class Schedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    private static final java.util.regex.Pattern INTERVAL = java.util.regex.Pattern.compile("R/([^/]+)/PT(\\d{1,3})H");
    private static final int MAX_INTERVAL_HOURS = 168;

    private final String cron;
    private final ZoneId zone;
    /** Cron schedules only. */
    private final ExecutionTime wallClock;
    /** Interval schedules only: the first start and the period. */
    private final Instant first;

    private final java.time.Duration period;

    private Schedule(String cron, ZoneId zone, ExecutionTime wallClock, Instant first, java.time.Duration period) {
        this.cron = cron;
        this.zone = zone;
        this.wallClock = wallClock;
        this.first = first;
        this.period = period;
    }

    /**
     * Parses {@code cron} (a 5-field Unix cron expression) and {@code zone} (an IANA time zone id; null or
     * blank means "UTC").
     *
     * @throws IllegalArgumentException naming the offending field ("schedule ..." or "timezone ...")
     */
    public static Schedule of(String cron, String zone) {
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException("schedule is missing: expected a 5-field cron expression (minute hour"
                    + " day-of-month month day-of-week) or an interval R/{first start}/PT{n}H");
        }
        String expression = cron.trim();
        if (expression.startsWith("R")) {
            return interval(expression, parseZone(zone));
        }
        Cron parsed;
        try {
            parsed = PARSER.parse(expression).validate();
        } catch (RuntimeException e) { // cron-utils reports every problem as IllegalArgumentException
            throw new IllegalArgumentException(
                    "schedule '" + expression + "' is not a valid 5-field cron expression: " + e.getMessage(), e);
        }
        return new Schedule(expression, parseZone(zone), ExecutionTime.forCron(parsed), null, null);
    }

    /** {@code R/{first start}/PT{n}H}: the start is an ISO 8601 date-time with an offset, kept to the millisecond. */
    private static Schedule interval(String expression, ZoneId zone) {
        java.util.regex.Matcher m = INTERVAL.matcher(expression);
        String rule = "schedule '" + expression + "' is not a valid interval: expected R/{first start}/PT{n}H, e.g."
                + " R/2019-01-31T20:00:04.289Z/PT12H (a date-time with Z or an offset, n = 1.." + MAX_INTERVAL_HOURS
                + " whole hours)";
        if (!m.matches()) {
            throw new IllegalArgumentException(rule);
        }
        Instant first;
        try {
            first = java.time.OffsetDateTime.parse(m.group(1))
                    .toInstant()
                    .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(rule + ": '" + m.group(1) + "' is not a date-time with an offset", e);
        }
        int hours = Integer.parseInt(m.group(2));
        if (hours < 1 || hours > MAX_INTERVAL_HOURS) {
            throw new IllegalArgumentException(rule + ": " + hours + " hours is out of range");
        }
        return new Schedule(expression, zone, null, first, java.time.Duration.ofHours(hours));
    }

    /**
     * A schedule that a policy may be saved with: {@link #of}, and its consecutive starts at least 1 hour apart. A
     * start is judged over [S − 15 min, S + 1 h], so more frequent starts would share their windows and one backup
     * would count for several of them. In wall-clock time this is exactly "the minute field names one minute": with
     * one minute, two starts differ at least in their hour; with two, some hour has both. (In real time a start in a
     * skipped daylight-saving hour moves to the first instant after the gap and may meet the next hour's start: they
     * are then one start.)
     *
     * @throws IllegalArgumentException naming the field and the rule
     */
    public static Schedule ofPolicy(String cron, String zone) {
        Schedule schedule = of(cron, zone);
        if (schedule.first != null) {
            return schedule; // whole hours, at least one
        }
        String minute = schedule.cron.split("\\s+")[0];
        ExecutionTime minutes = ExecutionTime.forCron(PARSER.parse(minute + " * * * *"));
        ZonedDateTime hour = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        int starts = 0;
        for (Optional<ZonedDateTime> next = minutes.nextExecution(hour.minusNanos(1));
                next.isPresent() && next.get().isBefore(hour.plusHours(1));
                next = minutes.nextExecution(next.get())) {
            starts++;
        }
        if (starts != 1) {
            throw new IllegalArgumentException("schedule '" + schedule.cron + "' starts " + starts
                    + " times an hour: consecutive scheduled starts must be at least 1 hour apart (a missed start is "
                    + "judged over [start - 15 min, start + 1 h]); name one minute of the hour, e.g. '0 * * * *'");
        }
        return schedule;
    }

    private static ZoneId parseZone(String zone) {
        if (zone == null || zone.isBlank()) {
            return DEFAULT_ZONE;
        }
        String id = zone.trim();
        if (!ZoneId.getAvailableZoneIds().contains(id)) {
            throw new IllegalArgumentException("timezone '" + id
                    + "' is not an IANA time zone id (e.g. 'America/Chicago', 'Europe/Berlin', 'UTC')");
        }
        return ZoneId.of(id);
    }

    /** The expression as given (trimmed): cron or interval. */
    public String expression() {
        return cron;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first scheduled start strictly after {@code t}. Empty only if the expression never fires again (e.g. Feb 30). */
    public Optional<Instant> nextAfter(Instant t) {
        Objects.requireNonNull(t, "t");
        if (first != null) {
            if (t.isBefore(first)) {
                return Optional.of(first);
            }
            long periods = java.time.Duration.between(first, t).toMillis() / period.toMillis() + 1;
            return Optional.of(first.plusMillis(periods * period.toMillis()));
        }
        // Wall times up to t's own local time map to instants <= t (monotonic mapping), so the search
        // starts there. Later wall times may still map to <= t when t lies in the second pass of a
        // fall-back overlap (their start was the first pass), hence the loop.
        LocalDateTime wall = LocalDateTime.ofInstant(t, zone);
        while (true) {
            Optional<LocalDateTime> match = nextWallMatch(wall);
            if (match.isEmpty()) {
                return Optional.empty();
            }
            Instant start = toInstant(match.get());
            if (start.isAfter(t)) {
                return Optional.of(start);
            }
            wall = match.get();
        }
    }

    /** All scheduled starts {@code s} with {@code from < s <= to}, oldest first, no duplicates. */
    public List<Instant> between(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        List<Instant> starts = new ArrayList<>();
        Optional<Instant> next = nextAfter(from);
        while (next.isPresent() && !next.get().isAfter(to)) {
            starts.add(next.get());
            next = nextAfter(next.get());
        }
        return List.copyOf(starts);
    }

    /** The first wall-clock match strictly after {@code wall}, computed in a zone without DST. */
    private Optional<LocalDateTime> nextWallMatch(LocalDateTime wall) {
        return wallClock.nextExecution(wall.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }

    /** Maps a wall-clock time in {@link #zone} to its start instant (see the class comment). */
    private Instant toInstant(LocalDateTime wall) {
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(wall);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(wall);
            return gap.getInstant();
        }
        // One offset normally; two in an overlap, where the first is the offset before the transition,
        // i.e. the earlier instant.
        return wall.toInstant(offsets.get(0));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule other && cron.equals(other.cron) && zone.equals(other.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cron, zone);
    }

    @Override
    public String toString() {
        return "Schedule[" + cron + " " + zone + "]";
    }
}
