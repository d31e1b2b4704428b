package io.backupwebhooks.missed;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** What one scan counted (shared by its workers): for its report, its metrics and its lag. */
final class ScanTally {
    final AtomicInteger due = new AtomicInteger();
    final AtomicInteger checked = new AtomicInteger();
    final AtomicInteger found = new AtomicInteger();
    final AtomicInteger missed = new AtomicInteger();
    final AtomicInteger deferred = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicBoolean outOfTime = new AtomicBoolean();
    /** The earliest nextCheckAt of the policies this scan leaves due (for the ScanLag metric). */
    final AtomicReference<Instant> oldestLeftDue = new AtomicReference<>();

    void leftDue(Instant nextCheckAt) {
        if (nextCheckAt != null) {
            oldestLeftDue.accumulateAndGet(nextCheckAt, (a, b) -> a == null || b.isBefore(a) ? b : a);
        }
    }
}
