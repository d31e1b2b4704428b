package io.backupwebhooks.shared.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interval schedules (spec §5): {@code R/{first start}/PT{n}H}, exact to the millisecond, whatever the zone. */
class IntervalScheduleTest {

    private static final String SPEC = "R/2019-01-31T20:00:04.289Z/PT12H";

    @Test
    void givenTheSpecInterval_whenAskedForStarts_thenTheyKeepTheirMillisecondsEveryTwelveHours() {
        Schedule schedule = Schedule.ofPolicy(SPEC, "UTC");

        assertEquals(
                List.of(
                        Instant.parse("2019-01-31T20:00:04.289Z"),
                        Instant.parse("2019-02-01T08:00:04.289Z"),
                        Instant.parse("2019-02-01T20:00:04.289Z")),
                schedule.between(Instant.parse("2019-01-01T00:00:00Z"), Instant.parse("2019-02-01T20:00:04.289Z")));
        assertEquals(SPEC, schedule.expression());
    }

    @Test
    void givenAnInstantExactlyOnAStart_whenNextAfter_thenTheFollowingStartNotTheSame() {
        Schedule schedule = Schedule.of(SPEC, null);

        assertEquals(
                Instant.parse("2019-02-01T20:00:04.289Z"),
                schedule.nextAfter(Instant.parse("2019-02-01T08:00:04.289Z")).orElseThrow());
        assertEquals(
                Instant.parse("2019-02-01T08:00:04.289Z"),
                schedule.nextAfter(Instant.parse("2019-02-01T08:00:04.288Z")).orElseThrow());
    }

    @Test
    void givenAZoneWithDaylightSaving_whenTheClocksChange_thenStartsStayExactlyNHoursApart() {
        Schedule schedule = Schedule.of("R/2026-03-28T00:30:00+01:00/PT24H", "Europe/Berlin");

        List<Instant> starts =
                schedule.between(Instant.parse("2026-03-27T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"));

        assertEquals(Instant.parse("2026-03-27T23:30:00Z"), starts.get(0));
        for (int i = 1; i < starts.size(); i++) {
            assertEquals(Duration.ofHours(24), Duration.between(starts.get(i - 1), starts.get(i)));
        }
        assertEquals(4, starts.size());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "R/2019-01-31T20:00:04.289Z/PT0H",
                "R/2019-01-31T20:00:04.289Z/PT169H",
                "R/2019-01-31T20:00:04.289Z/PT30M",
                "R/2019-01-31T20:00:04.289Z/P1D",
                "R5/2019-01-31T20:00:04.289Z/PT12H",
                "R/2019-01-31T20:00:04.289/PT12H",
                "R/yesterday/PT12H"
            })
    void givenABadInterval_whenParsed_thenTheErrorNamesTheScheduleAndTheForm(String expression) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Schedule.ofPolicy(expression, "UTC"));
        assertTrue(e.getMessage().startsWith("schedule '" + expression + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("R/{first start}/PT{n}H"), e.getMessage());
    }

    @Test
    void givenTheLongestAndShortestIntervals_whenSaved_thenBothAreAccepted() {
        assertEquals(
                Instant.parse("2026-01-08T00:00:00Z"),
                Schedule.ofPolicy("R/2026-01-01T00:00:00Z/PT168H", "UTC")
                        .nextAfter(Instant.parse("2026-01-01T00:00:00Z"))
                        .orElseThrow());
        assertEquals(
                Instant.parse("2026-01-01T01:00:00Z"),
                Schedule.ofPolicy("R/2026-01-01T00:00:00Z/PT1H", "UTC")
                        .nextAfter(Instant.parse("2026-01-01T00:00:00Z"))
                        .orElseThrow());
    }
}
