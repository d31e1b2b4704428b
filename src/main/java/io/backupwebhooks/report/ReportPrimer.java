package io.backupwebhooks.report;

import java.time.Instant;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import io.backupwebhooks.shared.Priming;
import io.backupwebhooks.shared.store.OutcomeStore;

/** The report function's priming (see {@link Priming}): a query of the outcomes table, which its role allows. */
@Singleton
@Named("report")
class ReportPrimer implements Priming.Primer {

    private final OutcomeStore outcomes;

    ReportPrimer(OutcomeStore outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public void prime() {
        outcomes.between("~priming", Instant.EPOCH, Instant.EPOCH);
    }
}
