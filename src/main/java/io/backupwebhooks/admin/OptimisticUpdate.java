package io.backupwebhooks.admin;

import java.util.Optional;
import java.util.function.Supplier;

import io.backupwebhooks.admin.http.ApiException;

/**
 * The admin API's one optimistic read-modify-write: {@code attempt} reads the item, applies the request and writes
 * it with the version it read, answering the result, or empty when the conditional write lost a race (someone wrote
 * in between); it is then redone on what is there now, a few times, before the request is answered 409.
 */
final class OptimisticUpdate {

    static final int ATTEMPTS = 5;

    private OptimisticUpdate() {}

    static <T> T retry(Supplier<Optional<T>> attempt, String conflict) {
        for (int i = 0; i < ATTEMPTS; i++) {
            Optional<T> done = attempt.get();
            if (done.isPresent()) {
                return done.get();
            }
        }
        throw ApiException.conflict(conflict);
    }
}
