package io.backupwebhooks.shared.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleTest {

    private static final String CHICAGO = "America/Chicago";
    private static final String BERLIN = "Europe/Berlin";

    // ---------------------------------------------------------------- basics

    @Test
    void givenHourlyInUtc_whenBetweenTenAndThirteen_thenEndExclusiveStartInclusive() {
        Schedule hourly = Schedule.of("0 * * * *", "UTC");

        assertEquals(
                instants("2026-01-01T11:00:00Z", "2026-01-01T12:00:00Z", "2026-01-01T13:00:00Z"),
                hourly.between(at("2026-01-01T10:00:00Z"), at("2026-01-01T13:00:00Z")));
    }

    @ParameterizedTest(name = "given daily 14:00 Chicago, when next after {0}, then {1}")
    @CsvSource({
        "2019-02-01T00:00:00Z, 2019-02-01T20:00:00Z", // product spec example: 14:00 CST = UTC-6
        "2019-07-01T00:00:00Z, 2019-07-01T19:00:00Z", // summer: 14:00 CDT = UTC-5
    })
    void givenDailyAfternoonInChicago_whenNextAfter_thenLocalTimeWithTheSeasonsOffset(String t, String expected) {
        Schedule daily = Schedule.of("0 14 * * *", CHICAGO);

        assertEquals(Optional.of(at(expected)), daily.nextAfter(at(t)));
    }

    @ParameterizedTest(name = "given {0} UTC, when next after {1}, then {2}")
    @CsvSource({
        "0 * * * *,    2026-01-01T10:00:00Z,           2026-01-01T11:00:00Z", // exactly a start: strict
        "0 * * * *,    2026-01-01T09:59:59.999999999Z, 2026-01-01T10:00:00Z",
        "0 * * * *,    2026-01-01T10:00:00.000000001Z, 2026-01-01T11:00:00Z",
        "*/15 * * * *, 2026-01-01T10:15:00Z,           2026-01-01T10:30:00Z",
        "0 14 * * *,   2026-01-01T14:00:00Z,           2026-01-02T14:00:00Z",
    })
    void givenInstantThatIsExactlyOrNearAStart_whenNextAfter_thenStrictlyLater(String cron, String t, String expected) {
        assertEquals(Optional.of(at(expected)), Schedule.of(cron, "UTC").nextAfter(at(t)));
    }

    @Test
    void givenEvery15MinutesInUtc_whenBetweenOverADay_then96Starts() {
        List<Instant> starts =
                Schedule.of("*/15 * * * *", "UTC").between(at("2026-05-01T00:00:00Z"), at("2026-05-02T00:00:00Z"));

        assertEquals(96, starts.size());
        assertEquals(at("2026-05-01T00:15:00Z"), starts.get(0));
        assertEquals(at("2026-05-02T00:00:00Z"), starts.get(95));
    }

    @Test
    void givenEveryMinute_whenBetweenOverADay_then1440StartsQuickly() {
        Schedule everyMinute = Schedule.of("* * * * *", BERLIN);

        List<Instant> starts = assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> everyMinute.between(at("2026-05-01T00:00:00Z"), at("2026-05-02T00:00:00Z")));

        assertEquals(1440, starts.size());
        assertEquals(at("2026-05-01T00:01:00Z"), starts.get(0));
        assertEquals(at("2026-05-02T00:00:00Z"), starts.get(1439));
    }

    @Test
    void givenEmptyOrBackwardsWindow_whenBetween_thenNoStarts() {
        Schedule hourly = Schedule.of("0 * * * *", "UTC");

        assertEquals(List.of(), hourly.between(at("2026-01-01T10:00:00Z"), at("2026-01-01T10:00:00Z")));
        assertEquals(List.of(), hourly.between(at("2026-01-01T12:00:00Z"), at("2026-01-01T10:00:00Z")));
    }

    // ---------------------------------------------------------------- cron syntax (what cron-utils UNIX accepts)

    @ParameterizedTest(name = "given ''{0}'' UTC, when between {1} and {2}, then {3}")
    @CsvSource(delimiter = '|', textBlock = """
            0 9 * * 1-5       | 2026-01-01T09:00:00Z | 2026-01-08T09:00:00Z | 2026-01-02T09:00:00Z 2026-01-05T09:00:00Z 2026-01-06T09:00:00Z 2026-01-07T09:00:00Z 2026-01-08T09:00:00Z
            0 9 * * MON-FRI   | 2026-01-01T09:00:00Z | 2026-01-08T09:00:00Z | 2026-01-02T09:00:00Z 2026-01-05T09:00:00Z 2026-01-06T09:00:00Z 2026-01-07T09:00:00Z 2026-01-08T09:00:00Z
            0 9 * * MON       | 2026-01-01T00:00:00Z | 2026-01-20T00:00:00Z | 2026-01-05T09:00:00Z 2026-01-12T09:00:00Z 2026-01-19T09:00:00Z
            0 9 * * mon       | 2026-01-01T00:00:00Z | 2026-01-20T00:00:00Z | 2026-01-05T09:00:00Z 2026-01-12T09:00:00Z 2026-01-19T09:00:00Z
            0 9 * * 0         | 2026-01-01T00:00:00Z | 2026-01-12T00:00:00Z | 2026-01-04T09:00:00Z 2026-01-11T09:00:00Z
            0 9 * * 7         | 2026-01-01T00:00:00Z | 2026-01-12T00:00:00Z | 2026-01-04T09:00:00Z 2026-01-11T09:00:00Z
            0 9 * * SAT,SUN   | 2026-01-01T00:00:00Z | 2026-01-12T00:00:00Z | 2026-01-03T09:00:00Z 2026-01-04T09:00:00Z 2026-01-10T09:00:00Z 2026-01-11T09:00:00Z
            0 0 1 JAN,JUL *   | 2026-01-01T00:00:00Z | 2028-01-01T00:00:00Z | 2026-07-01T00:00:00Z 2027-01-01T00:00:00Z 2027-07-01T00:00:00Z 2028-01-01T00:00:00Z
            0 0 1 1,7 *       | 2026-01-01T00:00:00Z | 2028-01-01T00:00:00Z | 2026-07-01T00:00:00Z 2027-01-01T00:00:00Z 2027-07-01T00:00:00Z 2028-01-01T00:00:00Z
            0 0 1 */6 *       | 2026-01-01T00:00:00Z | 2028-01-01T00:00:00Z | 2026-07-01T00:00:00Z 2027-01-01T00:00:00Z 2027-07-01T00:00:00Z 2028-01-01T00:00:00Z
            15,45 8-9 * * *   | 2026-01-01T00:00:00Z | 2026-01-01T23:59:00Z | 2026-01-01T08:15:00Z 2026-01-01T08:45:00Z 2026-01-01T09:15:00Z 2026-01-01T09:45:00Z
            0 0 29 2 *        | 2026-01-01T00:00:00Z | 2032-12-31T00:00:00Z | 2028-02-29T00:00:00Z 2032-02-29T00:00:00Z
            0 0 28-31 * *     | 2026-02-01T00:00:00Z | 2026-05-01T00:00:00Z | 2026-02-28T00:00:00Z 2026-03-28T00:00:00Z 2026-03-29T00:00:00Z 2026-03-30T00:00:00Z 2026-03-31T00:00:00Z 2026-04-28T00:00:00Z 2026-04-29T00:00:00Z 2026-04-30T00:00:00Z
            0 0 1 * 1         | 2025-12-31T00:00:00Z | 2026-02-02T00:00:00Z | 2026-01-01T00:00:00Z 2026-01-05T00:00:00Z 2026-01-12T00:00:00Z 2026-01-19T00:00:00Z 2026-01-26T00:00:00Z 2026-02-01T00:00:00Z 2026-02-02T00:00:00Z
            """)
    void givenCronSyntax_whenBetween_thenExactStarts(String cron, String from, String to, String expected) {
        // 2026-01-01 is a Thursday. "28-31" is NOT "last day of the month" (it fires on every one of those days).
        // "0 0 1 * 1": day-of-month and day-of-week both restricted => either matches (Vixie cron OR rule).
        assertEquals(instants(expected.split(" ")), Schedule.of(cron, "UTC").between(at(from), at(to)));
    }

    @ParameterizedTest(name = "given unsupported ''{0}'', when parsed, then rejected naming the schedule")
    @ValueSource(
            strings = {
                "0 0 L * *", // last day of month: not in cron-utils' UNIX definition
                "0 0 LW * *", // last weekday of month
                "0 0 15W * *", // nearest weekday
                "0 9 * * 5L", // last Friday
                "0 9 * * 5#2", // second Friday
                "0 9 ? * 1", // Quartz "no specific value"
                "@daily", // nicknames
                "0 9 * * SUN-SAT", // cron-utils reads SUN as 7, so this is the backwards range 7-6 (0-6 or * works)
            })
    void givenSyntaxCronUtilsUnixDoesNotSupport_whenParsed_thenRejected(String cron) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.of(cron, "UTC"));

        assertTrue(
                e.getMessage().startsWith("schedule '" + cron + "' is not a valid 5-field cron expression: "),
                e.getMessage());
    }

    // ---------------------------------------------------------------- never fires

    @ParameterizedTest(name = "given ''{0}'' that never fires, when asked, then nothing, fast")
    @ValueSource(strings = {"0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 31 2 *"})
    void givenExpressionThatNeverFires_whenNextAfterOrBetween_thenEmptyAndTerminates(String cron) {
        Schedule never = Schedule.of(cron, CHICAGO);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals(Optional.empty(), never.nextAfter(at("2026-01-01T00:00:00Z")));
            assertEquals(List.of(), never.between(at("2026-01-01T00:00:00Z"), at("2126-01-01T00:00:00Z")));
        });
    }

    // ---------------------------------------------------------------- daylight saving, daily schedules

    /**
     * Daily schedules on the day before, the day of, and the day after each 2026 change.
     * America/Chicago: CST = UTC-6, CDT = UTC-5; 2026-03-08 02:00 CST -> 03:00 CDT (transition at 08:00Z),
     * 2026-11-01 02:00 CDT -> 01:00 CST (transition at 07:00Z; 01:00-01:59 happens twice).
     * Europe/Berlin: CET = UTC+1, CEST = UTC+2; 2026-03-29 02:00 CET -> 03:00 CEST (transition at 01:00Z),
     * 2026-10-25 03:00 CEST -> 02:00 CET (transition at 01:00Z; 02:00-02:59 happens twice).
     */
    @ParameterizedTest(name = "given ''{1}'' in {0}, when the local day {2} is asked, then exactly {3}")
    @CsvSource(delimiter = '|', textBlock = """
            America/Chicago | 0 2 * * *  | 2026-03-07 | 2026-03-07T08:00:00Z
            America/Chicago | 0 2 * * *  | 2026-03-08 | 2026-03-08T08:00:00Z
            America/Chicago | 0 2 * * *  | 2026-03-09 | 2026-03-09T07:00:00Z
            America/Chicago | 30 2 * * * | 2026-03-07 | 2026-03-07T08:30:00Z
            America/Chicago | 30 2 * * * | 2026-03-08 | 2026-03-08T08:00:00Z
            America/Chicago | 30 2 * * * | 2026-03-09 | 2026-03-09T07:30:00Z
            America/Chicago | 30 1 * * * | 2026-03-07 | 2026-03-07T07:30:00Z
            America/Chicago | 30 1 * * * | 2026-03-08 | 2026-03-08T07:30:00Z
            America/Chicago | 30 1 * * * | 2026-03-09 | 2026-03-09T06:30:00Z
            America/Chicago | 0 3 * * *  | 2026-03-07 | 2026-03-07T09:00:00Z
            America/Chicago | 0 3 * * *  | 2026-03-08 | 2026-03-08T08:00:00Z
            America/Chicago | 0 3 * * *  | 2026-03-09 | 2026-03-09T08:00:00Z
            America/Chicago | 0 2 * * *  | 2026-10-31 | 2026-10-31T07:00:00Z
            America/Chicago | 0 2 * * *  | 2026-11-01 | 2026-11-01T08:00:00Z
            America/Chicago | 0 2 * * *  | 2026-11-02 | 2026-11-02T08:00:00Z
            America/Chicago | 30 2 * * * | 2026-10-31 | 2026-10-31T07:30:00Z
            America/Chicago | 30 2 * * * | 2026-11-01 | 2026-11-01T08:30:00Z
            America/Chicago | 30 2 * * * | 2026-11-02 | 2026-11-02T08:30:00Z
            America/Chicago | 30 1 * * * | 2026-10-31 | 2026-10-31T06:30:00Z
            America/Chicago | 30 1 * * * | 2026-11-01 | 2026-11-01T06:30:00Z
            America/Chicago | 30 1 * * * | 2026-11-02 | 2026-11-02T07:30:00Z
            America/Chicago | 0 3 * * *  | 2026-10-31 | 2026-10-31T08:00:00Z
            America/Chicago | 0 3 * * *  | 2026-11-01 | 2026-11-01T09:00:00Z
            America/Chicago | 0 3 * * *  | 2026-11-02 | 2026-11-02T09:00:00Z
            Europe/Berlin   | 0 2 * * *  | 2026-03-28 | 2026-03-28T01:00:00Z
            Europe/Berlin   | 0 2 * * *  | 2026-03-29 | 2026-03-29T01:00:00Z
            Europe/Berlin   | 0 2 * * *  | 2026-03-30 | 2026-03-30T00:00:00Z
            Europe/Berlin   | 30 2 * * * | 2026-03-28 | 2026-03-28T01:30:00Z
            Europe/Berlin   | 30 2 * * * | 2026-03-29 | 2026-03-29T01:00:00Z
            Europe/Berlin   | 30 2 * * * | 2026-03-30 | 2026-03-30T00:30:00Z
            Europe/Berlin   | 30 1 * * * | 2026-03-28 | 2026-03-28T00:30:00Z
            Europe/Berlin   | 30 1 * * * | 2026-03-29 | 2026-03-29T00:30:00Z
            Europe/Berlin   | 30 1 * * * | 2026-03-30 | 2026-03-29T23:30:00Z
            Europe/Berlin   | 0 3 * * *  | 2026-03-28 | 2026-03-28T02:00:00Z
            Europe/Berlin   | 0 3 * * *  | 2026-03-29 | 2026-03-29T01:00:00Z
            Europe/Berlin   | 0 3 * * *  | 2026-03-30 | 2026-03-30T01:00:00Z
            Europe/Berlin   | 0 2 * * *  | 2026-10-24 | 2026-10-24T00:00:00Z
            Europe/Berlin   | 0 2 * * *  | 2026-10-25 | 2026-10-25T00:00:00Z
            Europe/Berlin   | 0 2 * * *  | 2026-10-26 | 2026-10-26T01:00:00Z
            Europe/Berlin   | 30 2 * * * | 2026-10-24 | 2026-10-24T00:30:00Z
            Europe/Berlin   | 30 2 * * * | 2026-10-25 | 2026-10-25T00:30:00Z
            Europe/Berlin   | 30 2 * * * | 2026-10-26 | 2026-10-26T01:30:00Z
            Europe/Berlin   | 30 1 * * * | 2026-10-24 | 2026-10-23T23:30:00Z
            Europe/Berlin   | 30 1 * * * | 2026-10-25 | 2026-10-24T23:30:00Z
            Europe/Berlin   | 30 1 * * * | 2026-10-26 | 2026-10-26T00:30:00Z
            Europe/Berlin   | 0 3 * * *  | 2026-10-24 | 2026-10-24T01:00:00Z
            Europe/Berlin   | 0 3 * * *  | 2026-10-25 | 2026-10-25T02:00:00Z
            Europe/Berlin   | 0 3 * * *  | 2026-10-26 | 2026-10-26T02:00:00Z
            """)
    void givenDailyScheduleAroundDstChange_whenItsLocalDayIsAsked_thenExactlyOneStart(
            String zone, String cron, String day, String expected) {
        Schedule daily = Schedule.of(cron, zone);
        ZoneId z = ZoneId.of(zone);
        Instant dayStart = LocalDate.parse(day).atStartOfDay(z).toInstant();
        Instant nextDayStart = LocalDate.parse(day).plusDays(1).atStartOfDay(z).toInstant();

        // (from, to] = the local day [00:00, next 00:00)
        assertEquals(List.of(at(expected)), daily.between(dayStart.minusNanos(1), nextDayStart.minusNanos(1)));
        assertEquals(Optional.of(at(expected)), daily.nextAfter(dayStart.minusNanos(1)));
    }

    @ParameterizedTest(name = "given ''{0}'' Chicago, when spring-forward day, then the transition instant")
    @ValueSource(strings = {"0 2 * * *", "30 2 * * *", "59 2 * * *"})
    void givenStartInSkippedHour_whenSpringForward_thenFirstInstantAfterTheGap(String cron) {
        Schedule daily = Schedule.of(cron, CHICAGO);
        Instant transition = ZoneId.of(CHICAGO)
                .getRules()
                .nextTransition(at("2026-03-01T00:00:00Z"))
                .getInstant();

        assertEquals(at("2026-03-08T08:00:00Z"), transition); // 02:00 CST = 03:00 CDT
        assertEquals(Optional.of(transition), daily.nextAfter(at("2026-03-08T00:00:00Z")));
    }

    @Test
    void givenStartInRepeatedHour_whenFallBack_thenExactlyOnceAtTheEarlierOffset() {
        Schedule daily = Schedule.of("30 1 * * *", CHICAGO);

        // 01:30 CDT = 06:30Z; no second start at 01:30 CST = 07:30Z
        assertEquals(
                List.of(at("2026-11-01T06:30:00Z")),
                daily.between(at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z")));
        // asked after the first pass (during the repeated hour, and right at the second 01:30): the next day
        assertEquals(Optional.of(at("2026-11-02T07:30:00Z")), daily.nextAfter(at("2026-11-01T06:30:00Z")));
        assertEquals(Optional.of(at("2026-11-02T07:30:00Z")), daily.nextAfter(at("2026-11-01T07:29:00Z")));
        assertEquals(Optional.of(at("2026-11-02T07:30:00Z")), daily.nextAfter(at("2026-11-01T07:30:00Z")));
    }

    // ---------------------------------------------------------------- daylight saving, sub-daily schedules

    @Test
    void givenHourlyInChicago_whenSpringForwardDay_then23DistinctStarts() {
        // Local 2026-03-08 is 23 hours long: [06:00Z, 05:00Z next day).
        // Wall 00:00 and 01:00 CST -> 06:00Z, 07:00Z; wall 02:00 is skipped -> the transition 08:00Z (03:00 CDT);
        // wall 03:00 CDT is also 08:00Z -> once; 04:00 CDT .. 23:00 CDT -> 09:00Z .. 04:00Z.
        // So: every whole UTC hour of the local day, 23 starts, no duplicate.
        List<Instant> starts =
                Schedule.of("0 * * * *", CHICAGO).between(at("2026-03-08T05:59:59Z"), at("2026-03-09T04:59:59Z"));

        assertEquals(
                instants(
                        "2026-03-08T06:00:00Z",
                        "2026-03-08T07:00:00Z",
                        "2026-03-08T08:00:00Z",
                        "2026-03-08T09:00:00Z",
                        "2026-03-08T10:00:00Z",
                        "2026-03-08T11:00:00Z",
                        "2026-03-08T12:00:00Z",
                        "2026-03-08T13:00:00Z",
                        "2026-03-08T14:00:00Z",
                        "2026-03-08T15:00:00Z",
                        "2026-03-08T16:00:00Z",
                        "2026-03-08T17:00:00Z",
                        "2026-03-08T18:00:00Z",
                        "2026-03-08T19:00:00Z",
                        "2026-03-08T20:00:00Z",
                        "2026-03-08T21:00:00Z",
                        "2026-03-08T22:00:00Z",
                        "2026-03-08T23:00:00Z",
                        "2026-03-09T00:00:00Z",
                        "2026-03-09T01:00:00Z",
                        "2026-03-09T02:00:00Z",
                        "2026-03-09T03:00:00Z",
                        "2026-03-09T04:00:00Z"),
                starts);
    }

    @Test
    void givenHourlyInChicago_whenFallBackDay_then24StartsAndNoneAtTheRepeatedHour() {
        // Local 2026-11-01 is 25 hours long: [05:00Z, 06:00Z next day).
        // Wall 00:00 CDT -> 05:00Z; wall 01:00 exists twice and starts once, at CDT -> 06:00Z
        // (01:00 CST = 07:00Z gets no start); 02:00 CST .. 23:00 CST -> 08:00Z .. 05:00Z next day.
        // So: 24 starts (one per wall hour), with a two-hour step from 06:00Z to 08:00Z.
        List<Instant> starts =
                Schedule.of("0 * * * *", CHICAGO).between(at("2026-11-01T04:59:59Z"), at("2026-11-02T05:59:59Z"));

        assertEquals(
                instants(
                        "2026-11-01T05:00:00Z",
                        "2026-11-01T06:00:00Z",
                        "2026-11-01T08:00:00Z",
                        "2026-11-01T09:00:00Z",
                        "2026-11-01T10:00:00Z",
                        "2026-11-01T11:00:00Z",
                        "2026-11-01T12:00:00Z",
                        "2026-11-01T13:00:00Z",
                        "2026-11-01T14:00:00Z",
                        "2026-11-01T15:00:00Z",
                        "2026-11-01T16:00:00Z",
                        "2026-11-01T17:00:00Z",
                        "2026-11-01T18:00:00Z",
                        "2026-11-01T19:00:00Z",
                        "2026-11-01T20:00:00Z",
                        "2026-11-01T21:00:00Z",
                        "2026-11-01T22:00:00Z",
                        "2026-11-01T23:00:00Z",
                        "2026-11-02T00:00:00Z",
                        "2026-11-02T01:00:00Z",
                        "2026-11-02T02:00:00Z",
                        "2026-11-02T03:00:00Z",
                        "2026-11-02T04:00:00Z",
                        "2026-11-02T05:00:00Z"),
                starts);
    }

    @ParameterizedTest(name = "given ''{0}'' Chicago, when next after {1}, then {2}")
    @CsvSource({
        // spring forward: 01:45 CST, then wall 02:00..03:00 all -> 08:00Z once, then 03:15 CDT
        "*/15 * * * *, 2026-03-08T07:44:00Z, 2026-03-08T07:45:00Z",
        "*/15 * * * *, 2026-03-08T07:45:00Z, 2026-03-08T08:00:00Z",
        "*/15 * * * *, 2026-03-08T08:00:00Z, 2026-03-08T08:15:00Z",
        "0 * * * *,    2026-03-08T07:00:00Z, 2026-03-08T08:00:00Z",
        "0 * * * *,    2026-03-08T08:00:00Z, 2026-03-08T09:00:00Z",
        // fall back: 01:45 CDT, then 02:00 CST; nothing during the second pass of 01:00-01:59
        "*/15 * * * *, 2026-11-01T06:45:00Z, 2026-11-01T08:00:00Z",
        "*/15 * * * *, 2026-11-01T07:00:00Z, 2026-11-01T08:00:00Z", // t = 01:00 CST, second pass
        "*/15 * * * *, 2026-11-01T07:10:00Z, 2026-11-01T08:00:00Z",
        "0 * * * *,    2026-11-01T06:00:00Z, 2026-11-01T08:00:00Z",
        "0 * * * *,    2026-11-01T07:30:00Z, 2026-11-01T08:00:00Z",
    })
    void givenSubDailyScheduleInChicago_whenNextAfterAcrossDstChange_thenConsistentWithTheMapping(
            String cron, String t, String expected) {
        assertEquals(Optional.of(at(expected)), Schedule.of(cron, CHICAGO).nextAfter(at(t)));
    }

    static Stream<Arguments> dstChanges() {
        return Stream.of(
                Arguments.of(CHICAGO, "2026-01-01T00:00:00Z"),
                Arguments.of(BERLIN, "2026-01-01T00:00:00Z"),
                Arguments.of("Australia/Lord_Howe", "2026-01-01T00:00:00Z"), // 30-minute DST
                Arguments.of("Pacific/Apia", "2011-06-01T00:00:00Z")); // skipped 2011-12-30 entirely
    }

    /**
     * Cross-checks nextAfter and between against a brute-force reference for every minute around each DST change
     * of the zone: enumerate every wall minute, keep the matching ones, map them with the product rule (gap -> the
     * transition instant, overlap -> the earlier offset), de-duplicate and sort.
     */
    @ParameterizedTest(
            name = "given {0}, when compared with a brute-force reference around its transitions, then equal")
    @MethodSource("dstChanges")
    void givenTransitionsOfAZone_whenComparedWithBruteForce_thenIdentical(String zoneId, String searchFrom) {
        ZoneRules rules = ZoneId.of(zoneId).getRules();
        List<Predicate<LocalDateTime>> matchers = List.of(
                w -> w.getMinute() == 0,
                w -> w.getMinute() % 15 == 0,
                w -> w.getMinute() == 30 && w.getHour() == 1,
                w -> w.getMinute() == 0 && w.getHour() == 2,
                w -> w.getMinute() == 30 && w.getHour() == 2,
                w -> w.getMinute() == 0 && w.getHour() == 9);
        List<String> crons = List.of("0 * * * *", "*/15 * * * *", "30 1 * * *", "0 2 * * *", "30 2 * * *", "0 9 * * *");

        ZoneOffsetTransition transition = rules.nextTransition(at(searchFrom));
        for (int n = 0; n < 2; n++, transition = rules.nextTransition(transition.getInstant())) {
            Instant from = transition.getInstant().minus(2, ChronoUnit.DAYS);
            Instant to = transition.getInstant().plus(2, ChronoUnit.DAYS);
            for (int i = 0; i < crons.size(); i++) {
                Schedule schedule = Schedule.of(crons.get(i), zoneId);
                List<Instant> expected = reference(rules, matchers.get(i), from, to);

                assertEquals(expected, schedule.between(from, to), crons.get(i) + " around " + transition);
                for (Instant t = from; t.isBefore(to); t = t.plus(7, ChronoUnit.MINUTES)) {
                    Instant probe = t;
                    Optional<Instant> want =
                            expected.stream().filter(s -> s.isAfter(probe)).findFirst();
                    if (want.isPresent()) {
                        assertEquals(want, schedule.nextAfter(probe), crons.get(i) + " after " + probe);
                    }
                }
            }
        }
    }

    private static List<Instant> reference(
            ZoneRules rules, Predicate<LocalDateTime> matches, Instant from, Instant to) {
        TreeSet<Instant> starts = new TreeSet<>();
        LocalDateTime end = LocalDateTime.ofInstant(to, ZoneId.of("UTC")).plusDays(2);
        for (LocalDateTime w = LocalDateTime.ofInstant(from, ZoneId.of("UTC")).minusDays(2);
                w.isBefore(end);
                w = w.plusMinutes(1)) {
            if (matches.test(w)) {
                Instant s = rules.getValidOffsets(w).isEmpty()
                        ? rules.getTransition(w).getInstant()
                        : w.toInstant(rules.getValidOffsets(w).get(0)); // overlap: offset before = earlier instant
                if (s.isAfter(from) && !s.isAfter(to)) {
                    starts.add(s);
                }
            }
        }
        return new ArrayList<>(starts);
    }

    // ---------------------------------------------------------------- validation

    @ParameterizedTest(name = "given cron ''{0}'', when parsed, then rejected naming the schedule")
    @ValueSource(
            strings = {
                "61 * * * *",
                "* * * *",
                "0 0 * * * *",
                "0 0 0 * * * 2026",
                "foo",
                "0 24 * * *",
                "0 0 0 * *",
                "0 0 * 13 *",
                "0 0 * * 8",
                "*/0 * * * *",
                "5-1 * * * *"
            })
    void givenInvalidCron_whenParsed_thenIllegalArgumentNamingTheSchedule(String cron) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.of(cron, CHICAGO));

        assertTrue(
                e.getMessage().startsWith("schedule '" + cron + "' is not a valid 5-field cron expression: "),
                e.getMessage());
    }

    @Test
    void givenOutOfRangeMinute_whenParsed_thenMessageCarriesTheReason() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Schedule.of("61 * * * *", "UTC"));

        assertEquals(
                "schedule '61 * * * *' is not a valid 5-field cron expression: "
                        + "Failed to parse cron expression. Value 61 not in range [0, 59]",
                e.getMessage());
    }

    @Test
    void givenSixFields_whenParsed_thenMessageSaysFiveAreExpected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Schedule.of("0 0 * * * *", "UTC"));

        assertEquals(
                "schedule '0 0 * * * *' is not a valid 5-field cron expression: "
                        + "Cron expression contains 6 parts but we expect one of [5]",
                e.getMessage());
    }

    @ParameterizedTest(name = "given cron [{0}], when parsed, then rejected as missing")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void givenMissingCron_whenParsed_thenIllegalArgumentNamingTheSchedule(String cron) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.of(cron, "UTC"));

        assertTrue(e.getMessage().startsWith("schedule is missing"), e.getMessage());
    }

    @ParameterizedTest(name = "given timezone ''{0}'', when parsed, then rejected naming the timezone")
    @ValueSource(strings = {"Mars/Olympus", "America/Chicagoo", "america/chicago", "+05:00", "UTC+05:00", "CST6"})
    void givenUnknownOrNonIanaZone_whenParsed_thenIllegalArgumentNamingTheTimezone(String zone) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.of("0 2 * * *", zone));

        assertTrue(e.getMessage().startsWith("timezone '" + zone + "' is not an IANA time zone id"), e.getMessage());
    }

    @ParameterizedTest(name = "given timezone [{0}], when parsed, then UTC")
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "UTC"})
    void givenMissingZone_whenParsed_thenUtc(String zone) {
        Schedule schedule = Schedule.of("0 2 * * *", zone);

        assertEquals(ZoneId.of("UTC"), schedule.zone());
        assertEquals(Optional.of(at("2026-01-01T02:00:00Z")), schedule.nextAfter(at("2026-01-01T00:00:00Z")));
    }

    @ParameterizedTest(name = "given IANA id ''{0}'', when parsed, then accepted")
    @ValueSource(strings = {CHICAGO, BERLIN, "Etc/UTC", "Etc/GMT-5", "Asia/Kolkata", " America/Chicago "})
    void givenIanaZone_whenParsed_thenAccepted(String zone) {
        Schedule schedule = Schedule.of(" 0 14 * * * ", zone);

        assertEquals(ZoneId.of(zone.trim()), schedule.zone());
        assertEquals("0 14 * * *", schedule.expression());
    }

    // ---------------------------------------------------------------- helpers

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static List<Instant> instants(String... instants) {
        return Arrays.stream(instants).map(Instant::parse).toList();
    }
}
