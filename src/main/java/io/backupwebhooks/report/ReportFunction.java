package io.backupwebhooks.report;

import io.backupwebhooks.shared.observability.LogContext;
import io.backupwebhooks.shared.schedule.ScheduledEvent;
import io.quarkus.funqy.Funq;

/**
 * The report Lambda: triggered every 5 minutes by an EventBridge schedule (the event's {@code time} is the run's now),
 * and by SES's bounces and complaints of the report's emails (EventBridge, source {@code aws.ses}).
 */
public class ReportFunction {

    private final ReportService service;

    ReportFunction(ReportService service) {
        this.service = service;
    }

    @Funq("report")
    public ReportService.Run report(ScheduledEvent event) {
        LogContext.enterInvocation();
        if (event != null && "aws.ses".equals(event.source())) {
            return service.feedback(event.detailType(), event.detail());
        }
        return service.run(ScheduledEvent.nowOf(event));
    }
}
