package io.backupwebhooks.missed;

import java.time.Instant;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import io.backupwebhooks.shared.Priming;
import io.backupwebhooks.shared.store.StartStore;

/** The scan's priming (see {@link Priming}): a query of the starts table, which its role allows. */
@Singleton
@Named("missed-scan")
class MissedScanPrimer implements Priming.Primer {

    private final StartStore starts;

    MissedScanPrimer(StartStore starts) {
        this.starts = starts;
    }

    @Override
    public void prime() {
        starts.startsBetween("~priming", "~priming", Instant.EPOCH, Instant.EPOCH);
    }
}
