package io.backupwebhooks.missed;

import java.time.Instant;
import java.time.format.DateTimeParseException;

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
        if (event == null || event.time() == null) {
            throw new IllegalArgumentException("the scheduled event has no time");
        }
        try {
            return service.scan(Instant.parse(event.time()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the scheduled event's time '" + event.time() + "' is not an ISO-8601 instant", e);
        }
    }
}
