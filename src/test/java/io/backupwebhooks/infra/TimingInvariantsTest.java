package io.backupwebhooks.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.testing.Template;
import io.backupwebhooks.testing.Template.Intrinsic;
import io.smallrye.config.WithDefault;

/**
 * The timing rules that follow from running in Lambda, checked on the template and the code's defaults together, for
 * every value a parameter may take: a function's work fits in its {@code Timeout}, and SQS does not hand a batch to a
 * second worker while the first may still run it.
 */
class TimingInvariantsTest {

    /** What a delivery record spends on DynamoDB besides the POST (read, claim, record), at most, in the timing. */
    private static final Duration DYNAMODB_MARGIN = Duration.ofSeconds(5);
    /** What a scan does after its budget ran out: the checks in flight finish, the report is written. */
    private static final Duration SCAN_MARGIN = Duration.ofSeconds(30);
    /** Quarkus's worker pool (at least 200 threads) runs a batch's records: they are sent all at once. */
    private static final int PARALLEL_RECORDS = 200;

    private final Template template = Template.load();

    @Test
    void givenTheScanBudget_whenItRunsOut_thenTheScanStillEndsWithinItsTimeout() throws Exception {
        Duration budget = duration(ServiceConfig.Scan.class, "budget");
        long timeout = smallest(template.functionProperty("MissedScanFunction", "Timeout"));
        assertTrue(
                budget.plus(SCAN_MARGIN).toSeconds() < timeout,
                "scan budget " + budget + " + " + SCAN_MARGIN + " >= Timeout " + timeout + " s");
    }

    @Test
    void givenABatchOfListenersThatAllHang_whenDeliveryWaitsForEach_thenTheBatchEndsWithinTheShortestTimeout()
            throws Exception {
        Duration post = duration(ServiceConfig.Delivery.class, "connectTimeout")
                .plus(duration(ServiceConfig.Delivery.class, "requestTimeout"));
        long timeout = smallest(template.functionProperty("DeliveryFunction", "Timeout"));
        assertEquals(
                Set.of("Queue", "MissingAlerts", "Policies", "Resends"),
                sqsEvents().keySet(),
                "lifecycle events, missing alerts, policies, resends");
        sqsEvents().forEach((name, event) -> {
            long batch = Long.parseLong(String.valueOf(event.get("BatchSize")));
            long rounds = (batch + PARALLEL_RECORDS - 1) / PARALLEL_RECORDS;
            Duration worst = post.multipliedBy(rounds).plus(DYNAMODB_MARGIN);
            assertTrue(
                    worst.toSeconds() <= timeout,
                    name + ": a batch of " + batch + " hanging listeners takes up to "
                            + worst + " (connect + request timeout, " + rounds
                            + " round(s), + DynamoDB), more than Timeout "
                            + timeout + " s");
        });
    }

    @Test
    void givenTheAlertsSourcesConcurrencyCap_whenEveryListenerHangs_thenTheQueueStillDrainsAtAKnownRate()
            throws Exception {
        Duration post = duration(ServiceConfig.Delivery.class, "connectTimeout")
                .plus(duration(ServiceConfig.Delivery.class, "requestTimeout"));
        Map<String, Object> alerts = sqsEvents().get("MissingAlerts");
        Object cap = Template.at(alerts, "ScalingConfig", "MaximumConcurrency");
        assertTrue(cap != null, "the alerts source has a MaximumConcurrency (an outage's burst must leave room)");
        long concurrency = Long.parseLong(String.valueOf(cap));
        long batch = Long.parseLong(String.valueOf(alerts.get("BatchSize")));
        // AWS's allowed range for MaximumConcurrency
        assertTrue(concurrency >= 2 && concurrency <= 1000, "MaximumConcurrency " + concurrency);
        double worstPerSecond =
                concurrency * batch / (double) post.plus(DYNAMODB_MARGIN).toSeconds();
        // the README's bound: at least 20 alerts/s even when every listener hangs (an hour's backlog ~ 72,000 alerts)
        assertTrue(worstPerSecond >= 20, "worst-case drain " + worstPerSecond + " alerts/s");
    }

    @Test
    void givenAClaimInFlight_whenItsLeaseIsJudged_thenItOutlivesTheLongestDeliveryInvocation() throws Exception {
        Duration lease = duration(ServiceConfig.Delivery.class, "claimLease");
        long timeout = largest(template.functionProperty("DeliveryFunction", "Timeout"));
        assertTrue(
                lease.toSeconds() >= timeout,
                "claim lease " + lease + " < delivery Timeout " + timeout
                        + " s: a live attempt could be taken for a dead one");
    }

    @Test
    void givenTheDeliverysQueues_whenDeliveryRunsItsLongest_thenVisibilityIsAtLeastSixTimesTheTimeoutPlusTheWindow() {
        long timeout = largest(template.functionProperty("DeliveryFunction", "Timeout"));
        sqsEvents().forEach((name, event) -> {
            Object window = event.get("MaximumBatchingWindowInSeconds");
            String queue = ((Intrinsic) event.get("Queue")).getAtt("Arn");
            long visibility =
                    Long.parseLong(String.valueOf(template.properties(queue).get("VisibilityTimeout")));
            long needed = 6 * timeout + (window == null ? 0 : Long.parseLong(String.valueOf(window)));
            assertTrue(
                    visibility >= needed,
                    queue + " VisibilityTimeout " + visibility + " < 6 x " + timeout + " + window = " + needed);
        });
    }

    @Test
    void givenTheFeedsBudget_whenARecordStopsStartingWrites_thenItEndsWellWithinTheShortestDeliveryTimeout()
            throws Exception {
        Duration budget = duration(ServiceConfig.Feed.class, "budget");
        long timeout = smallest(template.functionProperty("DeliveryFunction", "Timeout"));
        // after the budget, the writes in flight finish (one DynamoDB request each) and the record fails
        assertTrue(
                budget.plus(DYNAMODB_MARGIN).toSeconds() <= timeout,
                "feed budget " + budget + " + DynamoDB > delivery Timeout " + timeout + " s");
    }

    @Test
    void givenATombstone_whenItExpires_thenNoMessageOlderThanItCanStillBeInThePolicyQueueOrItsDeadLetterQueue()
            throws Exception {
        Duration tombstones = duration(ServiceConfig.Feed.class, "tombstoneRetention");
        long queue =
                Long.parseLong(String.valueOf(template.properties("PolicyQueue").get("MessageRetentionPeriod")));
        long deadLetters = Long.parseLong(
                String.valueOf(template.properties("PolicyDeadLetterQueue").get("MessageRetentionPeriod")));
        // a message redriven from the dead-letter queue starts a new retention period in the queue (SQS keeps the
        // original enqueue time only for the DLQ), so a message may live both periods in turn
        assertTrue(
                tombstones.toSeconds() > queue + deadLetters,
                "tombstones kept " + tombstones + ", but a message may live " + (queue + deadLetters) + " s");
    }

    @Test
    void givenTheReportRunsBudget_whenItStopsClaiming_thenItsLastPacedSendEndsWithinTheTimeoutAndBeforeTheNextRun()
            throws Exception {
        Duration budget = duration(ServiceConfig.Report.class, "budget");
        long timeout = smallest(template.functionProperty("ReportFunction", "Timeout"));
        // after the budget no send starts; the sends in flight and the run's last writes need the margin
        assertTrue(
                budget.plus(DYNAMODB_MARGIN).plusSeconds(10).toSeconds() <= timeout,
                "report budget " + budget + " leaves no room before its Timeout " + timeout + " s");
        Object schedule =
                Template.at(template.events("ReportFunction", "Schedule").get("Runs"), "Schedule");
        assertEquals("rate(5 minutes)", schedule, "a run every 5 minutes");
        assertTrue(timeout <= 300, "a run ends before the next one starts");
        assertTrue(
                duration(ServiceConfig.Report.class, "retryAfter").toMinutes() >= 5, "a retry waits at least one run");
    }

    private Map<String, Map<String, Object>> sqsEvents() {
        return template.events("DeliveryFunction", "SQS");
    }

    /** A number, or a Ref to a Number parameter at the smallest value it may take (MinValue, else Default). */
    private long smallest(Object value) {
        return bound(value, "MinValue");
    }

    /** A number, or a Ref to a Number parameter at the largest value it may take (MaxValue, else Default). */
    private long largest(Object value) {
        return bound(value, "MaxValue");
    }

    private long bound(Object value, String bound) {
        if (value instanceof Intrinsic i && i.ref() != null) {
            Map<String, Object> parameter = template.parameter(i.ref());
            value = parameter.containsKey(bound) ? parameter.get(bound) : parameter.get("Default");
        }
        return Long.parseLong(String.valueOf(value));
    }

    /** A configuration default ({@code @WithDefault}) of the code, as a duration. */
    private static Duration duration(Class<?> group, String property) throws NoSuchMethodException {
        String value =
                group.getMethod(property).getAnnotation(WithDefault.class).value();
        String upper = value.toUpperCase(java.util.Locale.ROOT);
        return upper.endsWith("D") ? Duration.parse("P" + upper) : Duration.parse("PT" + upper);
    }
}
