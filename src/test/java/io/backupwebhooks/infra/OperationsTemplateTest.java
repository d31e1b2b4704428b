package io.backupwebhooks.infra;

import static io.backupwebhooks.testing.Template.at;
import static io.backupwebhooks.testing.Template.list;
import static io.backupwebhooks.testing.Template.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.backupwebhooks.shared.observability.LogContext;
import io.backupwebhooks.shared.observability.Metric;
import io.backupwebhooks.shared.observability.Metrics;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.testing.Template;
import io.backupwebhooks.testing.Template.Intrinsic;

/**
 * The operations section of infra/template.yaml against the code: every metric and dimension an alarm or the
 * dashboard uses is one the code emits ({@link Metric}), in the namespace the functions are given, and every alarm
 * reaches the SNS topic.
 */
class OperationsTemplateTest {

    private static final String ALARM = "AWS::CloudWatch::Alarm";

    private final Template template = Template.load();
    private final Set<String> metrics =
            Arrays.stream(Metric.values()).map(m -> m.key).collect(Collectors.toSet());
    private final Set<String> dimensions =
            Arrays.stream(Metric.Dimension.values()).map(d -> d.key).collect(Collectors.toSet());
    private final Set<String> functions = Set.of("delivery", "missed-scan", "admin", "report");
    private final Set<String> outcomes = outcomes();

    @Test
    void givenFunctions_whenNamespaceRead_thenEveryFunctionHasTheAlarmsNamespace() {
        for (String id : template.resourcesOfType("AWS::Serverless::Function").keySet()) {
            assertEquals(namespace(), template.environment(id).get("METRICS_NAMESPACE"), id);
        }
    }

    @Test
    void givenAlarms_whenMetricsRead_thenOursAreEmittedByTheCodeWithItsDimensions() {
        Map<String, Map<String, Object>> alarms = template.resourcesOfType(ALARM);
        assertTrue(alarms.size() >= 7, "alarms: " + alarms.keySet());
        int ours = 0;
        for (String id : alarms.keySet()) {
            List<Map<String, Object>> stats = new ArrayList<>();
            Map<String, Object> p = template.properties(id);
            if (p.containsKey("MetricName")) {
                stats.add(p);
            }
            for (Object query : list(p.get("Metrics"))) {
                Object metric = at(query, "MetricStat", "Metric");
                if (metric != null) {
                    stats.add(map(metric));
                }
            }
            assertFalse(stats.isEmpty(), id + " has no metric");
            for (Map<String, Object> stat : stats) {
                if (!namespace().equals(stat.get("Namespace"))) {
                    assertInstanceOf(String.class, stat.get("Namespace"), id + ": an AWS namespace or ours");
                    assertTrue(((String) stat.get("Namespace")).startsWith("AWS/"), id);
                    continue;
                }
                ours++;
                assertTrue(
                        metrics.contains(stat.get("MetricName")),
                        id + ": " + stat.get("MetricName") + " not in " + metrics);
                for (Object d : list(stat.get("Dimensions"))) {
                    assertDimension(id, (String) map(d).get("Name"), map(d).get("Value"));
                }
            }
        }
        assertTrue(ours >= 2, "alarms on the code's own metrics");
    }

    @Test
    void givenAlarms_whenActionsRead_thenEachNotifiesTheTopicAndTheEmailIsOptional() {
        for (String id : template.resourcesOfType(ALARM).keySet()) {
            Object actions = template.properties(id).get("AlarmActions");
            assertEquals(List.of(new Intrinsic("Ref", "AlarmTopic")), list(actions), id);
        }
        assertEquals(
                "HasAlarmEmail", template.resource("AlarmEmailSubscription").get("Condition"));
        assertEquals("", template.parameter("AlarmEmail").get("Default"));
        assertEquals(
                900, ((Number) template.parameter("ScanLagThresholdSeconds").get("Default")).intValue());
    }

    @Test
    void givenDashboard_whenBodyParsed_thenItsOwnMetricsAreEmittedByTheCode() throws Exception {
        Intrinsic body = (Intrinsic) template.properties("Dashboard").get("DashboardBody");
        assertEquals(namespace(), map(list(body.value()).get(1)).get("Namespace"));
        JsonNode widgets = new ObjectMapper().readTree(body.sub()).get("widgets");
        int ours = 0;
        Set<String> shown = new java.util.TreeSet<>();
        for (JsonNode widget : widgets) {
            for (JsonNode metric : widget.at("/properties/metrics")) {
                if (!"${Namespace}".equals(metric.get(0).asText())) {
                    assertTrue(metric.get(0).asText().startsWith("AWS/"), metric.toString());
                    continue;
                }
                ours++;
                String name = metric.get(1).asText();
                assertTrue(metrics.contains(name), name + " not in " + metrics);
                shown.add(name);
                for (int i = 2; i + 1 < metric.size() && metric.get(i).isTextual(); i += 2) {
                    assertDimension(
                            "Dashboard",
                            metric.get(i).asText(),
                            metric.get(i + 1).asText());
                }
            }
        }
        assertTrue(ours > 0);
        assertTrue(shown.containsAll(Set.of("Attempts", "ScanLag")), "shown: " + shown);
    }

    @Test
    void givenTheFunctionsAndQueues_whenAlarmsRead_thenEachCanFireForEachOfThem() {
        Map<String, Map<String, Object>> alarms = template.resourcesOfType(ALARM);
        // every function's failures: Lambda Errors where the function fails an invocation, the API's 5xx for the
        // admin function, which answers its own failures with a 500 (so Lambda counts no error for it)
        Set<String> erring = new java.util.TreeSet<>();
        for (String id : alarms.keySet()) {
            Map<String, Object> p = template.properties(id);
            if ("AWS/Lambda".equals(p.get("Namespace")) && "Errors".equals(p.get("MetricName"))) {
                erring.add(((Template.Intrinsic)
                                map(list(p.get("Dimensions")).get(0)).get("Value"))
                        .ref());
            }
        }
        assertEquals(Set.of("DeliveryFunction", "MissedScanFunction", "ReportFunction"), erring);
        Map<String, Object> api = template.properties("AdminErrorsAlarm");
        assertEquals("AWS/ApiGateway", api.get("Namespace"));
        assertEquals("5xx", api.get("MetricName"));
        assertEquals(
                "Api",
                ((Template.Intrinsic) map(list(api.get("Dimensions")).get(0)).get("Value")).ref());
        assertTrue(template.properties("Api").containsKey("AccessLogSettings"), "each 5xx is in the access log");
        // throttles of all four functions; an idle function has no datapoint, so each term is FILLed with 0
        List<Object> queries = list(template.properties("ThrottlesAlarm").get("Metrics"));
        String expression = (String) map(queries.get(0)).get("Expression");
        Set<String> throttled = new java.util.TreeSet<>();
        for (Object q : queries.subList(1, queries.size())) {
            String idOf = (String) map(q).get("Id");
            assertTrue(expression.contains("FILL(" + idOf + ", 0)"), idOf + " not filled in " + expression);
            throttled.add(((Template.Intrinsic) map(list(at(map(q), "MetricStat", "Metric", "Dimensions"))
                                    .get(0))
                            .get("Value"))
                    .ref());
        }
        assertEquals(template.resourcesOfType("AWS::Serverless::Function").keySet(), throttled);
        // both dead-letter queues
        Set<String> watchedQueues = new java.util.TreeSet<>();
        for (String id : alarms.keySet()) {
            Map<String, Object> p = template.properties(id);
            if ("AWS/SQS".equals(p.get("Namespace"))
                    && "ApproximateNumberOfMessagesVisible".equals(p.get("MetricName"))) {
                watchedQueues.add(((Template.Intrinsic)
                                map(list(p.get("Dimensions")).get(0)).get("Value"))
                        .getAtt("QueueName"));
            }
        }
        assertEquals(
                Set.of(
                        "EventsDeadLetterQueue",
                        "MissingAlertsDeadLetterQueue",
                        "PolicyDeadLetterQueue",
                        "ResendDeadLetterQueue"),
                watchedQueues);
    }

    @Test
    void givenSavedQueries_whenRead_thenTheyFilterOnTheLoggedKeysInAllLogGroups() {
        Map<String, Map<String, Object>> queries = template.resourcesOfType("AWS::Logs::QueryDefinition");
        assertEquals(2, queries.size(), queries.keySet().toString());
        String byEvent = (String) template.properties("EventByIdQuery").get("QueryString");
        String byAccount =
                (String) template.properties("FailedAttemptsOfAccountQuery").get("QueryString");
        assertTrue(byEvent.contains("mdc." + LogContext.EVENT_ID + " = "), byEvent);
        assertTrue(byAccount.contains("mdc." + LogContext.ACCOUNT + " = "), byAccount);
        assertTrue(byAccount.contains(Metric.Dimension.OUTCOME.key), byAccount);
        for (String id : queries.keySet()) {
            assertEquals(4, list(template.properties(id).get("LogGroupNames")).size(), id + ": all four functions");
        }
    }

    private void assertDimension(String where, String name, Object value) {
        assertTrue(dimensions.contains(name), where + ": dimension " + name + " not in " + dimensions);
        if (name.equals(Metric.Dimension.FUNCTION.key)) {
            assertTrue(functions.contains(value), where + ": function " + value);
        }
        if (name.equals(Metric.Dimension.OUTCOME.key)) {
            assertTrue(outcomes.contains(value), where + ": outcome " + value + " not in " + outcomes);
        }
    }

    private Object namespace() {
        return template.globals("Function").isEmpty()
                ? null
                : at(template.globals("Function"), "Environment", "Variables", "METRICS_NAMESPACE");
    }

    private static Set<String> outcomes() {
        Set<String> all =
                Arrays.stream(Delivery.Outcome.values()).map(Enum::name).collect(Collectors.toSet());
        all.add(Metrics.UNKNOWN);
        return all;
    }
}
