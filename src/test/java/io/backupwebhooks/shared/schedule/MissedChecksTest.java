package io.backupwebhooks.shared.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.backupwebhooks.shared.schedule.MissedChecks.CheckState;
import io.backupwebhooks.shared.schedule.MissedChecks.Plan;
import io.backupwebhooks.shared.store.ServerPolicy;

/** The missed-backup rules as plain functions: windows, judging time, where checks start and restart. */
class MissedChecksTest {

    static final MissedChecks CHECKS = new MissedChecks(Duration.ofMinutes(2), Duration.ofHours(24));
    static final Schedule HOURLY = Schedule.of("0 * * * *", "UTC");
    static final Instant LONG_AGO = t("2026-01-01T00:00:00Z");

    static Instant t(String instant) {
        return Instant.parse(instant);
    }

    static ServerPolicy policy(boolean enabled, Instant enabledAt, Instant checkedThrough, Instant nextCheckAt) {
        return new ServerPolicy(
                "ACC",
                "ap",
                "sp",
                "server",
                "US EAST",
                enabled,
                enabledAt,
                LONG_AGO,
                LONG_AGO,
                "Hourly",
                HOURLY.expression(),
                HOURLY.zone().getId(),
                checkedThrough,
                nextCheckAt,
                3);
    }

    @Test
    void givenAStartAtS_whenItsCheckTimeIsAsked_thenSPlusOneHourPlusGrace() {
        assertEquals(t("2026-05-01T12:02:00Z"), CHECKS.nextCheckAt(HOURLY, t("2026-05-01T10:00:00Z")));
        assertEquals(t("2026-05-01T12:02:00Z"), CHECKS.nextCheckAt(HOURLY, t("2026-05-01T10:59:59Z")));
    }

    @Test
    void givenAScheduleThatNeverFiresAgain_whenItsCheckTimeIsAsked_thenNone() {
        assertNull(CHECKS.nextCheckAt(Schedule.of("0 0 30 2 *", "UTC"), t("2026-05-01T10:00:00Z")));
    }

    @Test
    void givenTheWindowOfS_whenStartsAreNearItsEdges_thenOnlyThoseWithin15MinutesBeforeAndOneHourAfterCount() {
        Instant s = t("2026-05-01T10:00:00Z");
        assertTrue(MissedChecks.started(s, List.of(t("2026-05-01T09:45:00Z"))));
        assertTrue(MissedChecks.started(s, List.of(t("2026-05-01T11:00:00Z"))));
        assertFalse(MissedChecks.started(s, List.of(t("2026-05-01T09:44:59.999Z"))));
        assertFalse(MissedChecks.started(s, List.of(t("2026-05-01T11:00:00.001Z"))));
        assertFalse(MissedChecks.started(s, List.of()));
    }

    @Test
    void
            givenAPolicyCheckedThroughEight_whenPlannedAtElevenOhTwo_thenNineAndTenAreJudgedAndTheNextCheckIsTwelveOhTwo() {
        Plan plan =
                CHECKS.plan(policy(true, LONG_AGO, t("2026-05-01T08:00:00Z"), null), HOURLY, t("2026-05-01T11:02:00Z"));
        assertEquals(List.of(t("2026-05-01T09:00:00Z"), t("2026-05-01T10:00:00Z")), plan.candidates());
        assertEquals(t("2026-05-01T10:00:00Z"), plan.settledThrough());
        assertEquals(t("2026-05-01T12:02:00Z"), plan.nextCheckAt());
    }

    @Test
    void givenAStartWhoseGraceHasNotPassed_whenPlanned_thenItWaits() {
        Plan plan =
                CHECKS.plan(policy(true, LONG_AGO, t("2026-05-01T09:00:00Z"), null), HOURLY, t("2026-05-01T11:01:59Z"));
        assertEquals(List.of(), plan.candidates());
        assertEquals(t("2026-05-01T09:59:59Z"), plan.settledThrough(), "settled up to now - 1 h - grace");
        assertEquals(t("2026-05-01T11:02:00Z"), plan.nextCheckAt());
    }

    @Test
    void givenChecksRestartedAfterTheHorizon_whenPlanned_thenWhatIsSettledNeverMovesBack() {
        Plan plan =
                CHECKS.plan(policy(true, LONG_AGO, t("2026-05-01T10:00:30Z"), null), HOURLY, t("2026-05-01T11:01:59Z"));
        assertEquals(List.of(), plan.candidates());
        assertEquals(t("2026-05-01T10:00:30Z"), plan.settledThrough());
        assertEquals(t("2026-05-01T12:02:00Z"), plan.nextCheckAt());
    }

    @Test
    void givenAPolicyEnabledAfterAStart_whenPlanned_thenThatStartIsNeverJudgedButOneAtTheEnablingInstantIs() {
        Instant now = t("2026-05-01T11:02:00Z");
        assertEquals(
                List.of(t("2026-05-01T10:00:00Z")),
                CHECKS.plan(policy(true, t("2026-05-01T09:00:00.001Z"), t("2026-05-01T05:00:00Z"), null), HOURLY, now)
                        .candidates());
        assertEquals(
                List.of(t("2026-05-01T09:00:00Z"), t("2026-05-01T10:00:00Z")),
                CHECKS.plan(policy(true, t("2026-05-01T09:00:00Z"), t("2026-05-01T05:00:00Z"), null), HOURLY, now)
                        .candidates());
    }

    @Test
    void givenAGapOfTwoDays_whenPlanned_thenOnlyTheLast24HoursAreJudgedOldestFirst() {
        Instant now = t("2026-05-03T11:02:00Z");
        List<Instant> candidates = CHECKS.plan(policy(true, LONG_AGO, t("2026-05-01T10:00:00Z"), null), HOURLY, now)
                .candidates();
        assertEquals(23, candidates.size(), candidates.toString());
        assertEquals(t("2026-05-02T12:00:00Z"), candidates.get(0), "the first start after now - 24 h");
        assertEquals(t("2026-05-03T10:00:00Z"), candidates.get(22));
    }

    @Test
    void givenANewServerPolicy_whenSaved_thenChecksStartNow() {
        Instant now = t("2026-05-01T10:30:00Z");
        assertEquals(new CheckState(now, now, t("2026-05-01T12:02:00Z")), CHECKS.afterSave(null, true, HOURLY, now));
    }

    @Test
    void givenANewDisabledServerPolicy_whenSaved_thenItIsNotDue() {
        Instant now = t("2026-05-01T10:30:00Z");
        assertEquals(new CheckState(now, now, null), CHECKS.afterSave(null, false, HOURLY, now));
    }

    @Test
    void givenAnEditThatKeepsScheduleAndEnabling_whenSaved_thenTheCheckStateIsKept() {
        ServerPolicy current = policy(true, LONG_AGO, t("2026-05-01T08:00:00Z"), t("2026-05-01T10:02:00Z"));
        assertEquals(
                new CheckState(LONG_AGO, current.checkedThrough(), current.nextCheckAt()),
                CHECKS.afterSave(current, true, HOURLY, t("2026-05-01T10:30:00Z")));
    }

    @Test
    void givenANewScheduleOrZone_whenSaved_thenChecksRestartNowButTheEnablingIsKept() {
        ServerPolicy current = policy(true, LONG_AGO, t("2026-05-01T08:00:00Z"), t("2026-05-01T10:02:00Z"));
        Instant now = t("2026-05-01T10:30:00Z");
        Schedule daily = Schedule.of("0 2 * * *", "UTC");
        assertEquals(
                new CheckState(LONG_AGO, now, t("2026-05-02T03:02:00Z")), CHECKS.afterSave(current, true, daily, now));
        Schedule berlin = Schedule.of("0 * * * *", "Europe/Berlin");
        assertEquals(now, CHECKS.afterSave(current, true, berlin, now).checkedThrough());
    }

    @Test
    void givenAnEnabledPolicy_whenDisabled_thenItLeavesTheDueIndexAndKeepsWhatWasSettled() {
        ServerPolicy current = policy(true, LONG_AGO, t("2026-05-01T08:00:00Z"), t("2026-05-01T10:02:00Z"));
        assertEquals(
                new CheckState(LONG_AGO, current.checkedThrough(), null),
                CHECKS.afterSave(current, false, HOURLY, t("2026-05-01T10:30:00Z")));
    }

    @Test
    void givenADisabledPolicy_whenEnabledAgain_thenChecksRestartNowFromTheEnabling() {
        ServerPolicy current = policy(false, LONG_AGO, t("2026-05-01T08:00:00Z"), null);
        Instant now = t("2026-05-01T10:30:00Z");
        assertEquals(new CheckState(now, now, t("2026-05-01T12:02:00Z")), CHECKS.afterSave(current, true, HOURLY, now));
    }
}
