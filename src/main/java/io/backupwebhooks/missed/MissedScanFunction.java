package io.backupwebhooks.missed;

import io.backupwebhooks.shared.observability.LogContext;
import io.backupwebhooks.shared.schedule.ScheduledEvent;
import io.quarkus.funqy.Funq;

/** The missed-scan Lambda: triggered by an EventBridge schedule; the event's {@code time} is the scan's now. */
public class MissedScanFunction {

    private final MissedScanService service;

    MissedScanFunction(MissedScanService service) {
        this.service = service;
    }

    @Funq("missed-scan")
    public ScanReport missedScan(ScheduledEvent event) {
        LogContext.enterInvocation();
        return service.scan(ScheduledEvent.nowOf(event));
    }
}
