package io.backupwebhooks.shared.observability;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.observability.Metric.Dimension;

/**
 * The service's measurements, each one log line that is also an EMF document ({@link Emf}). Callers pass plain
 * values; the event's id and account come from the MDC ({@link LogContext#event}).
 */
public final class Metrics {

    /** The outcome of an attempt whose POST may or may not have happened (its worker died after the claim). */
    public static final String UNKNOWN = "UNKNOWN";

    private Metrics() {}

    /**
     * The one line of one webhook attempt. {@code postMillis} is null when no connection was attempted (a refused
     * address, an unknown outcome).
     */
    public static void attempt(String eventType, String outcome, Integer statusCode, Long postMillis, String message) {
        Emf doc = Emf.document(Logger.Level.INFO, message)
                .dimension(Dimension.EVENT_TYPE, eventType)
                .dimension(Dimension.OUTCOME, outcome)
                .dimensionSet(Dimension.FUNCTION, Dimension.EVENT_TYPE, Dimension.OUTCOME)
                .dimensionSet(Dimension.FUNCTION, Dimension.OUTCOME)
                .metric(Metric.ATTEMPTS, 1)
                .property("statusCode", statusCode);
        if (postMillis != null) {
            doc.metric(Metric.POST_DURATION, postMillis);
        }
        doc.emit();
    }

    /** A queue record that is not a valid lifecycle event (logged at WARN with the reason). */
    public static void malformedRecord(String message) {
        Emf.document(Logger.Level.WARN, message)
                .dimensionSet(Dimension.FUNCTION)
                .metric(Metric.MALFORMED_RECORDS, 1)
                .emit();
    }

    /** The one line of one missed-backup scan. */
    public static void scan(
            int due, int checked, int missed, int failed, long lagSeconds, boolean complete, String message) {
        Emf.document(Logger.Level.INFO, message)
                .dimensionSet(Dimension.FUNCTION)
                .metric(Metric.SCAN_DUE, due)
                .metric(Metric.SCAN_CHECKED, checked)
                .metric(Metric.SCAN_MISSED, missed)
                .metric(Metric.SCAN_FAILED, failed)
                .metric(Metric.SCAN_LAG, lagSeconds)
                .property("complete", String.valueOf(complete))
                .emit();
    }

    /** The one line of one report run. */
    public static void reportRun(
            int due, int emails, int throttled, int sendFailed, int givenUp, int leftDue, String message) {
        Emf.document(Logger.Level.INFO, message)
                .dimensionSet(Dimension.FUNCTION)
                .metric(Metric.REPORT_DUE, due)
                .metric(Metric.REPORT_EMAILS, emails)
                .metric(Metric.REPORT_THROTTLED, throttled)
                .metric(Metric.REPORT_SEND_FAILED, sendFailed)
                .metric(Metric.REPORT_GIVEN_UP, givenUp)
                .metric(Metric.REPORT_LEFT_DUE, leftDue)
                .emit();
    }
}
