package io.backupwebhooks.report;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.backupwebhooks.shared.observability.LogContext;
import io.backupwebhooks.shared.schedule.ScheduledEvent;
import io.quarkus.funqy.Funq;

/** The report Lambda: triggered hourly by an EventBridge schedule; the event's {@code time} is the run's now. */
public class ReportFunction {

    private final ReportService service;

    ReportFunction(ReportService service) {
        this.service = service;
    }

    @Funq("report")
    public ReportService.Run report(ScheduledEvent event) {
        LogContext.enterInvocation();
        if (event == null || event.time() == null) {
            throw new IllegalArgumentException("the scheduled event has no time");
        }
        try {
            return service.run(Instant.parse(event.time()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the scheduled event's time '" + event.time() + "' is not an ISO-8601 instant", e);
        }
    }
}
