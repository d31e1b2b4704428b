package io.backupwebhooks.report;

import io.backupwebhooks.shared.observability.LogContext;
import io.backupwebhooks.shared.schedule.ScheduledEvent;
import io.quarkus.funqy.Funq;

/** The report Lambda: triggered every 5 minutes by an EventBridge schedule; the event's {@code time} is the run's now. */
public class ReportFunction {

    private final ReportService service;

    ReportFunction(ReportService service) {
        this.service = service;
    }

    @Funq("report")
    public ReportService.Run report(ScheduledEvent event) {
        LogContext.enterInvocation();
        return service.run(ScheduledEvent.nowOf(event));
    }
}
