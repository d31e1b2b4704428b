package io.backupwebhooks.shared.schedule;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

/** The time a change is applied at, to the millisecond (what the tables keep); tests may set it. */
@ApplicationScoped
public class Now {

    public Instant instant() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
