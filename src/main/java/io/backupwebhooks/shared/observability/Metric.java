package io.backupwebhooks.shared.observability;

/**
 * Every CloudWatch metric the service emits (Embedded Metric Format, see {@link Emf}), in one place: the template's
 * alarms and dashboard may only use these (TemplateTest checks it). A new function's metrics (the daily report, say)
 * are a few more constants here and one {@link Metrics} method.
 */
public enum Metric {

    /** One per webhook attempt; dimensions Function, EventType, Outcome (DELIVERED, FAILED, BLOCKED, UNKNOWN). */
    ATTEMPTS("Attempts", Unit.COUNT),
    /** How long the POST took, connect to status (attempts that made a connection attempt only). */
    POST_DURATION("PostDuration", Unit.MILLISECONDS),
    /** Queue records that are not a valid lifecycle event (they fail alone and end in the dead-letter queue). */
    MALFORMED_RECORDS("MalformedRecords", Unit.COUNT),
    /** Server policies the scan read as due. */
    SCAN_DUE("ScanDue", Unit.COUNT),
    /** Due server policies the scan judged and advanced. */
    SCAN_CHECKED("ScanChecked", Unit.COUNT),
    /** Missed scheduled starts the scan found (each one reported once). */
    SCAN_MISSED("ScanMissed", Unit.COUNT),
    /** Due server policies whose check failed (they stay due). */
    SCAN_FAILED("ScanFailed", Unit.COUNT),
    /** When the scan ends, how far behind its now the oldest still-due server policy is (0 when none is left). */
    SCAN_LAG("ScanLag", Unit.SECONDS),
    /** Accounts whose report (or a pending retry of it) one report run found due. */
    REPORT_DUE("ReportDue", Unit.COUNT),
    /** Report emails SES accepted in one run (each address's report of a day is accepted once). */
    REPORT_EMAILS("ReportEmails", Unit.COUNT),
    /** Report sends SES refused for its rate or quota (ThrottlingException, TooManyRequestsException): retried. */
    REPORT_THROTTLED("ReportThrottled", Unit.COUNT),
    /** Report sends that failed otherwise (retried until the day's deadline). */
    REPORT_SEND_FAILED("ReportSendFailed", Unit.COUNT),
    /** Days whose report was given up at their deadline with some address still not accepted. */
    REPORT_GIVEN_UP("ReportGivenUp", Unit.COUNT),
    /** Due accounts a run left for the next one (time budget, or SES throttling). */
    REPORT_LEFT_DUE("ReportLeftDue", Unit.COUNT);

    /** The CloudWatch namespace when METRICS_NAMESPACE is not set. */
    public static final String DEFAULT_NAMESPACE = "BackupWebhooks";

    /** The dimensions, all low-cardinality (never the account). */
    public enum Dimension {
        FUNCTION("Function"),
        EVENT_TYPE("EventType"),
        OUTCOME("Outcome");

        public final String key;

        Dimension(String key) {
            this.key = key;
        }
    }

    /** CloudWatch's unit names. */
    public enum Unit {
        COUNT("Count"),
        MILLISECONDS("Milliseconds"),
        SECONDS("Seconds");

        public final String cloudWatch;

        Unit(String cloudWatch) {
            this.cloudWatch = cloudWatch;
        }
    }

    /** The metric's name in CloudWatch (and its member in the EMF document). */
    public final String key;

    public final Unit unit;

    Metric(String key, Unit unit) {
        this.key = key;
        this.unit = unit;
    }
}
