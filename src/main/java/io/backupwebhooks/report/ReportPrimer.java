package io.backupwebhooks.report;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.backupwebhooks.shared.Priming;
import io.backupwebhooks.shared.store.OutcomeStore;

/** The report function's priming (see {@link Priming}): a query of the outcomes table, which its role allows. */
@ApplicationScoped
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
