package io.backupwebhooks.testing;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.backupwebhooks.shared.schedule.Now;

/**
 * The time changes are applied at, set by a test (enabled in {@link FunctionProfile.DeliveryAtSetTime} only): the
 * spec's policies schedule starts in 2019, and a change counts from when it was applied.
 */
@Alternative
@ApplicationScoped
public class SettableNow extends Now {

    private static volatile Instant fixed;

    /** From now on, changes are applied at {@code instant}; null: the real time again. */
    public static void set(Instant instant) {
        fixed = instant;
    }

    @Override
    public Instant instant() {
        Instant at = fixed;
        return at != null ? at : super.instant();
    }
}
