package io.backupwebhooks.testing;

import java.util.function.Supplier;

/**
 * The explicit scope of a test's own AWS requests: what a test does inside {@link #run} or {@link #get} (arranging its
 * data, reading it back) is marked by {@link GateHarnessMarker} and passes the {@link AwsGate} unchecked and unrecorded.
 * Everything else is checked against the function's IAM statements, whatever thread it runs on: the function's
 * invocations, and also a bean a test calls directly.
 */
public final class Arrange {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Arrange() {}

    /** Runs {@code setup} as the test's own. */
    public static void run(Runnable setup) {
        get(() -> {
            setup.run();
            return null;
        });
    }

    /** Answers {@code read} as the test's own. */
    public static <T> T get(Supplier<T> read) {
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            return read.get();
        } finally {
            depth[0]--;
        }
    }

    /** Whether the calling thread is inside a scope. */
    static boolean active() {
        return DEPTH.get()[0] > 0;
    }
}
