package io.backupwebhooks.report;

import java.time.Instant;

/**
 * Spaces sends to at most a rate per second, across the run's workers: each send takes the next free slot (1/rate
 * apart) and waits for it. A slot past the run's deadline is not taken.
 */
final class Pacer {

    private final long intervalNanos;
    private long nextSlot;

    Pacer(double perSecond) {
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
        this.nextSlot = System.nanoTime();
    }

    /** True when the next free slot is already after {@code deadline}: nothing more can be sent in time. */
    synchronized boolean full(Instant deadline) {
        long now = System.nanoTime();
        return Instant.now().plusNanos(Math.max(0, nextSlot - now)).isAfter(deadline);
    }

    /** SES said the rate was passed: no slot starts before {@code pause} from now. */
    synchronized void backOff(java.time.Duration pause) {
        nextSlot = Math.max(nextSlot, System.nanoTime() + pause.toNanos());
    }

    /** Waits for the next slot; false (without waiting) when that slot is after {@code deadline}. */
    boolean acquire(Instant deadline) throws InterruptedException {
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextSlot);
            if (Instant.now().plusNanos(slot - now).isAfter(deadline)) {
                return false;
            }
            nextSlot = slot + intervalNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        return true;
    }
}
