package io.backupwebhooks.infra;

import static io.backupwebhooks.testing.Template.at;
import static io.backupwebhooks.testing.Template.list;
import static io.backupwebhooks.testing.Template.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.backupwebhooks.local.LocalFunction;
import io.backupwebhooks.shared.store.DeliveryStore;
import io.backupwebhooks.shared.store.ReportSettingsStore;
import io.backupwebhooks.shared.store.ServerPolicyStore;
import io.backupwebhooks.testing.IamPolicy;
import io.backupwebhooks.testing.Project;
import io.backupwebhooks.testing.Resolver;
import io.backupwebhooks.testing.Template;
import io.backupwebhooks.testing.Template.Intrinsic;

/** The invariants of infra/template.yaml that the code relies on (cfn-lint checks the rest at verify). */
class TemplateTest {

    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final String TABLE = "AWS::DynamoDB::Table";
    private static final String EXPORT = "QUARKUS_FUNQY_EXPORT";
    /** Read by Quarkus itself, not through application.properties. */
    private static final Set<String> RUNTIME_VARIABLES = Set.of(EXPORT, "DISABLE_SIGNAL_HANDLERS");

    private static final Pattern FUNQ = Pattern.compile("@Funq\\b(\\(\\s*\"([^\"]*)\"\\s*\\))?");
    private static final Pattern PROPERTY_ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern INDEX_ARN = Pattern.compile("\\$\\{(\\w+)\\.Arn}/index/([\\w.-]+)");

    private final Template template = Template.load();

    @Test
    void givenMainSources_whenFunctionsListed_thenOneFunctionPerFunqExport() {
        Set<String> funqs = funqNames();
        List<String> exports = template.resourcesOfType(FUNCTION).keySet().stream()
                .map(id -> (String) template.environment(id).get(EXPORT))
                .toList();

        assertEquals(4, exports.size(), "functions: " + exports);
        assertEquals(exports.size(), new HashSet<>(exports).size(), "each function exports another @Funq: " + exports);
        Set<String> expected = new TreeSet<>(funqs);
        expected.add("admin"); // declared ahead of its code; once @Funq("admin") exists this adds nothing
        assertEquals(expected, new TreeSet<>(exports), "@Funq names in src/main/java: " + funqs);
    }

    @Test
    void givenFunctions_whenCodeLocated_thenAllRunTheOneArtifact() {
        for (String id : template.resourcesOfType(FUNCTION).keySet()) {
            Object codeUri = template.functionProperty(id, "CodeUri");
            assertInstanceOf(String.class, codeUri, id);
            // SAM resolves a local CodeUri against the template's directory
            Path artifact = Template.PATH.getParent().resolve((String) codeUri).normalize();
            assertEquals(Project.path("target", "function.zip"), artifact, id);
        }
    }

    @Test
    void givenJvmPackaging_whenHandlerRead_thenItIsTheFunqyHandlerTheLocalRunAndBenchmarkUseToo() {
        Object handler = at(template.section("Globals"), "Function", "Handler");
        assertEquals(
                List.of("IsJvm", LocalFunction.HANDLER, "bootstrap"),
                ((Template.Intrinsic) handler).value(),
                "java21 runs " + LocalFunction.HANDLER);
    }

    @Test
    void givenApplicationProperties_whenEnvironmentsCompared_thenEveryReadVariableIsSetAndEverySetOneIsRead() {
        Set<String> read = propertyVariables();
        Map<String, Set<String>> setBy = new LinkedHashMap<>();
        for (String id : template.resourcesOfType(FUNCTION).keySet()) {
            template.environment(id)
                    .keySet()
                    .forEach(v -> setBy.computeIfAbsent(v, k -> new TreeSet<>()).add(id));
        }
        // until @Funq("admin") exists, the admin function may set variables its future configuration will read
        Set<String> pendingAdmin = funqNames().contains("admin")
                ? Set.of()
                : template.environment(functionExporting("admin")).keySet();

        for (String variable : read) {
            assertTrue(
                    setBy.containsKey(variable), variable + " is read by application.properties, set by no function");
        }
        setBy.forEach((variable, functions) -> assertTrue(
                read.contains(variable) || RUNTIME_VARIABLES.contains(variable) || pendingAdmin.contains(variable),
                variable + " is set by " + functions + " but read by nothing"));
    }

    @Test
    void givenTableVariables_whenResolved_thenEachRefsItsTable() {
        int tableVariables = 0;
        for (String id : template.resourcesOfType(FUNCTION).keySet()) {
            for (Map.Entry<String, Object> variable : template.environment(id).entrySet()) {
                if (!variable.getKey().endsWith("_TABLE")) {
                    continue;
                }
                tableVariables++;
                String table = variable.getValue() instanceof Intrinsic i ? i.ref() : null;
                assertNotNull(table, id + " " + variable.getKey() + " is not a !Ref");
                assertTrue(
                        template.hasResource(table, TABLE), id + " " + variable.getKey() + " refs non-table " + table);
                assertEquals(logicalId(variable.getKey()), table, id + " " + variable.getKey());
            }
        }
        assertTrue(tableVariables > 0);
    }

    @Test
    void givenTables_whenInspected_thenOnDemandRecoverableEncryptedAndRetained() {
        Map<String, Map<String, Object>> tables = template.resourcesOfType(TABLE);
        assertEquals(
                Set.of(
                        "SubscriptionsTable",
                        "DeliveriesTable",
                        "StartsTable",
                        "PoliciesTable",
                        "ServerPoliciesTable",
                        "OutcomesTable",
                        "ReportSettingsTable",
                        "EmailTokensTable"),
                tables.keySet());
        tables.forEach((id, table) -> {
            Map<String, Object> properties = map(table.get("Properties"));
            assertEquals("PAY_PER_REQUEST", properties.get("BillingMode"), id);
            assertEquals(true, at(properties, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"), id);
            assertEquals(true, at(properties, "SSESpecification", "SSEEnabled"), id);
            // kept on stack deletion, but a create that rolls back leaves nothing billed behind
            assertEquals("RetainExceptOnCreate", table.get("DeletionPolicy"), id);
            assertEquals("Retain", table.get("UpdateReplacePolicy"), id);
        });
    }

    @Test
    void givenTables_whenKeysRead_thenTheyAreTheStoresKeysAndIndexes() {
        assertEquals("HASH account S, RANGE eventType S", keys("SubscriptionsTable"));
        assertEquals(
                "HASH eventId S; " + DeliveryStore.BY_TARGET + ": HASH target S, RANGE attemptedAt N, ALL",
                keys("DeliveriesTable"));
        assertEquals("HASH serverPolicy S, RANGE startedAt N", keys("StartsTable"));
        assertEquals("HASH accountDay S, RANGE timeId S", keys("OutcomesTable"));
        assertEquals(
                "HASH account S; " + ReportSettingsStore.DUE + ": HASH shard S, RANGE nextReportAt N, ALL",
                keys("ReportSettingsTable"));
        assertEquals("HASH tokenHash S", keys("EmailTokensTable"));
        assertEquals("HASH account S, RANGE accountPolicyId S", keys("PoliciesTable"));
        assertEquals(
                "HASH policy S, RANGE serverPolicyId S; " + ServerPolicyStore.DUE
                        + ": HASH shard S, RANGE nextCheckAt N, ALL",
                keys("ServerPoliciesTable"));
    }

    @Test
    void givenTables_whenTtlRead_thenRecordsAndTheFeedsTombstonesExpireOnExpiresAt() {
        Map<String, Object> ttl = new LinkedHashMap<>();
        template.resourcesOfType(TABLE).keySet().forEach(id -> {
            Object spec = template.properties(id).get("TimeToLiveSpecification");
            if (spec != null && Boolean.TRUE.equals(map(spec).get("Enabled"))) {
                ttl.put(id, map(spec).get("AttributeName"));
            }
        });
        assertEquals(
                Map.of(
                        "DeliveriesTable",
                        "expiresAt",
                        "StartsTable",
                        "expiresAt",
                        "OutcomesTable",
                        "expiresAt",
                        "EmailTokensTable",
                        "expiresAt",
                        "PoliciesTable",
                        "expiresAt",
                        "ServerPoliciesTable",
                        "expiresAt"),
                ttl);
    }

    @Test
    void givenTheDeliverysQueues_whenDeliveryRunsItsLongest_thenMessagesStayInvisibleAndGoToTheDeadLetterQueue() {
        String delivery = functionExporting("delivery");
        Map<String, Map<String, Object>> sqs = template.events(delivery, "SQS");
        Set<String> queues = new TreeSet<>();
        for (Map<String, Object> event : sqs.values()) {
            String queue = ((Intrinsic) event.get("Queue")).getAtt("Arn");
            queues.add(queue);
            assertTrue(template.hasResource(queue, "AWS::SQS::Queue"), "event source " + queue);
            assertTrue(list(event.get("FunctionResponseTypes")).contains("ReportBatchItemFailures"));

            Object timeoutProperty = template.functionProperty(delivery, "Timeout");
            long timeout = timeoutProperty == null ? 3 : seconds(timeoutProperty); // 3: Lambda's default
            Object batchingWindow = event.get("MaximumBatchingWindowInSeconds");
            long window = batchingWindow == null ? 0 : seconds(batchingWindow);
            Map<String, Object> properties = template.properties(queue);
            // AWS: at least 6 times the function timeout, plus the batching window
            assertTrue(
                    seconds(properties.get("VisibilityTimeout")) >= 6 * timeout + window,
                    queue + " VisibilityTimeout " + properties.get("VisibilityTimeout") + " < 6 x " + timeout + " + "
                            + window);

            Map<String, Object> redrive = map(properties.get("RedrivePolicy"));
            assertTrue(
                    seconds(redrive.get("maxReceiveCount")) >= 5, "maxReceiveCount " + redrive.get("maxReceiveCount"));
            String deadLetters = ((Intrinsic) redrive.get("deadLetterTargetArn")).getAtt("Arn");
            assertTrue(template.hasResource(deadLetters, "AWS::SQS::Queue"), "dead-letter queue " + deadLetters);
        }
        assertEquals(
                Set.of("EventsQueue", "MissingAlertsQueue", "PolicyQueue", "ResendQueue"),
                queues,
                "the delivery's four sources");
    }

    @Test
    void givenTheMissingAlertsQueue_whenItsPolicyIsRead_thenTheOtherFunctionsRolesAreDeniedSendMessage() {
        Map<String, Object> policy = template.properties("MissingAlertsQueuePolicy");
        assertEquals(
                List.of("MissingAlertsQueue"),
                list(policy.get("Queues")).stream()
                        .map(q -> ((Intrinsic) q).ref())
                        .toList());
        List<Object> statements = list(at(policy, "PolicyDocument", "Statement"));
        assertEquals(1, statements.size());
        Map<String, Object> deny = map(statements.get(0));
        assertEquals("Deny", deny.get("Effect"));
        assertEquals(List.of("sqs:SendMessage"), list(deny.get("Action")), "covers SendMessageBatch too");
        assertEquals("MissingAlertsQueue", ((Intrinsic) deny.get("Resource")).getAtt("Arn"));
        Set<String> denied = new TreeSet<>();
        list(at(deny, "Principal", "AWS")).forEach(p -> denied.add(((Intrinsic) p).getAtt("Arn")));
        Set<String> others = new TreeSet<>();
        template.resourcesOfType(FUNCTION).keySet().stream()
                .filter(id -> !id.equals("MissedScanFunction"))
                .forEach(id -> others.add(id + "Role"));
        // every function but the scan (SAM names a function's role <FunctionLogicalId>Role); an operator's redrive of
        // the dead-letter queue (StartMessageMoveTask checks sqs:SendMessage on this queue) is not denied
        assertEquals(others, denied);
        assertNull(deny.get("Condition"));
        assertTrue(template.hasResource("MissedScanFunction", FUNCTION));
        // the scan is the one function granted SendMessage on it; delivery takes alerts only from its ARN
        assertEquals(
                "MissingAlertsQueue",
                ((Intrinsic) template.environment("MissedScanFunction").get("MISSING_ALERTS_QUEUE_URL")).ref());
        assertEquals(
                "MissingAlertsQueue",
                ((Intrinsic) template.environment(functionExporting("delivery")).get("MISSING_ALERTS_QUEUE_ARN"))
                        .getAtt("Arn"));
        assertEquals(
                "EventsQueue",
                ((Intrinsic) template.environment(functionExporting("delivery")).get("EVENTS_QUEUE_ARN"))
                        .getAtt("Arn"));
    }

    @Test
    void givenTheResendQueue_whenItsPolicyIsRead_thenOnlyTheAdminFunctionMaySendAndDeliveryTakesResendsOnlyFromIt() {
        Map<String, Object> policy = template.properties("ResendQueuePolicy");
        assertEquals(
                List.of("ResendQueue"),
                list(policy.get("Queues")).stream()
                        .map(q -> ((Intrinsic) q).ref())
                        .toList());
        Map<String, Object> deny =
                map(list(at(policy, "PolicyDocument", "Statement")).get(0));
        assertEquals("Deny", deny.get("Effect"));
        assertEquals(List.of("sqs:SendMessage"), list(deny.get("Action")));
        assertEquals("ResendQueue", ((Intrinsic) deny.get("Resource")).getAtt("Arn"));
        Set<String> denied = new TreeSet<>();
        list(at(deny, "Principal", "AWS")).forEach(p -> denied.add(((Intrinsic) p).getAtt("Arn")));
        Set<String> others = new TreeSet<>();
        template.resourcesOfType(FUNCTION).keySet().stream()
                .filter(id -> !id.equals(functionExporting("admin")))
                .forEach(id -> others.add(id + "Role"));
        assertEquals(others, denied, "every function but the admin one");
        assertNull(deny.get("Condition"), "an operator's redrive stays possible");
        assertEquals(
                "ResendQueue",
                ((Intrinsic) template.environment(functionExporting("admin")).get("RESEND_QUEUE_URL")).ref());
        assertEquals(
                "ResendQueue",
                ((Intrinsic) template.environment(functionExporting("delivery")).get("RESEND_QUEUE_ARN"))
                        .getAtt("Arn"));
    }

    @Test
    void givenIamStatements_whenRead_thenNoWildcardActionAndDynamoDbOnlyOnThisTemplatesTablesAndIndexes() {
        List<Map<String, Object>> statements = new ArrayList<>();
        template.resources().values().forEach(resource -> collectStatements(resource, statements));
        assertFalse(statements.isEmpty());

        for (Map<String, Object> statement : statements) {
            List<Object> actions = list(statement.get("Action"));
            actions.forEach(action -> assertFalse(String.valueOf(action).contains("*"), "wildcard in " + statement));
            assertFalse(
                    statement.containsKey("NotAction") || statement.containsKey("NotResource"), "Not* in " + statement);
            if (actions.stream().anyMatch(a -> String.valueOf(a).startsWith("dynamodb:"))) {
                list(statement.get("Resource")).forEach(resource -> assertOwnTableOrIndex(resource, statement));
            }
        }
    }

    @Test
    void givenSesGrants_whenResolved_thenOnlySendEmailOnTheAccountsIdentitiesAndTheConfigurationSetInUse() {
        for (Map<String, String> given :
                List.of(Map.<String, String>of(), Map.of("ReportConfigurationSet", "reports"))) {
            Map<String, IamPolicy> policies = IamPolicy.of(new Resolver(template, given));
            Set<String> sending = new TreeSet<>();
            policies.forEach((id, policy) -> policy.grants().stream()
                    .filter(g -> g.action().startsWith("ses:"))
                    .forEach(g -> {
                        assertEquals("ses:SendEmail", g.action(), id);
                        sending.add(id + " " + g.resource());
                    }));
            Set<String> expected = new TreeSet<>();
            for (String id : List.of("AdminFunction", "ReportFunction")) {
                // the From identity and, in the sandbox, every recipient's: identities of this account only
                expected.add(id + " arn:aws:ses:us-east-1:000000000000:identity/*");
                // the operator's configuration set, else the stack's own (whose bounces and complaints it takes)
                expected.add(id + " arn:aws:ses:us-east-1:000000000000:configuration-set/"
                        + (given.isEmpty() ? "backup-webhooks-report-emails" : "reports"));
            }
            assertEquals(expected, sending, "given " + given);
        }
    }

    @Test
    void givenFunctions_whenPermissionsCompared_thenEachMayTouchExactlyTheTablesItIsConfiguredWith() {
        for (String id : template.resourcesOfType(FUNCTION).keySet()) {
            Set<String> configured = template.environment(id).values().stream()
                    .filter(v -> v instanceof Intrinsic i && template.hasResource(i.ref(), TABLE))
                    .map(v -> ((Intrinsic) v).ref())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> permitted = new TreeSet<>();
            for (Object policy : list(template.properties(id).get("Policies"))) {
                // inline statements only: no managed policies or SAM policy templates, whose grants are broad
                assertTrue(policy instanceof Map<?, ?> p && p.containsKey("Statement"), id + " policy " + policy);
                for (Object statement : list(map(policy).get("Statement"))) {
                    list(map(statement).get("Resource")).stream()
                            .map(this::tableOf)
                            .filter(t -> t != null)
                            .forEach(permitted::add);
                }
            }
            assertEquals(configured, permitted, id + ": tables in Environment vs tables in Policies");
        }
    }

    @Test
    void givenFunctions_whenLogging_thenEachHasItsOwnLogGroupWithRetention() {
        Set<String> groups = new HashSet<>();
        for (String id : template.resourcesOfType(FUNCTION).keySet()) {
            Object group = at(template.functionProperty(id, "LoggingConfig"), "LogGroup");
            String logGroup = group instanceof Intrinsic i ? i.ref() : null;
            assertTrue(logGroup != null && template.hasResource(logGroup, "AWS::Logs::LogGroup"), id + ": " + group);
            assertNotNull(template.properties(logGroup).get("RetentionInDays"), logGroup);
            assertTrue(groups.add(logGroup), logGroup + " shared");
        }
    }

    @Test
    void givenHttpApi_whenRoutesListed_thenTheJwtAuthorizerGuardsAllButThePublicPage() {
        Map<String, Map<String, Object>> apis = template.resourcesOfType("AWS::Serverless::HttpApi");
        assertEquals(1, apis.size());
        String api = apis.keySet().iterator().next();
        Map<String, Object> auth = map(template.properties(api).get("Auth"));
        Map<String, Object> authorizer = map(at(auth, "Authorizers", (String) auth.get("DefaultAuthorizer")));
        assertNotNull(authorizer.get("JwtConfiguration"), "default authorizer is JWT");
        assertEquals("$request.header.Authorization", authorizer.get("IdentitySource"));

        List<String> routes = new ArrayList<>();
        List<String> publicRoutes = new ArrayList<>();
        for (String id : template.resourcesOfType(FUNCTION).keySet()) {
            template.events(id, "HttpApi").forEach((name, event) -> {
                assertEquals(api, ((Intrinsic) event.get("ApiId")).ref(), id + " " + name);
                assertEquals("2.0", event.getOrDefault("PayloadFormatVersion", "2.0"), id + " " + name);
                String route = event.get("Method") + " " + event.get("Path");
                routes.add(route);
                Object routeAuthorizer = at(event, "Auth", "Authorizer");
                if ("NONE".equals(routeAuthorizer)) {
                    publicRoutes.add(route);
                } else if (routeAuthorizer != null) {
                    assertEquals(auth.get("DefaultAuthorizer"), routeAuthorizer, route);
                }
            });
        }
        assertTrue(routes.contains("ANY /{proxy+}"), "routes " + routes);
        assertEquals(openRoutesOfTheRouter(), new TreeSet<>(publicRoutes), "public in AWS = open in AdminRoutes");
    }

    @Test
    void givenHttpApi_whenAuthorizerRead_thenEveryGuardedRouteNeedsTheAdminScopeParameter() {
        Map<String, Object> scope = template.parameter("AdminScope");
        // Cognito's custom scopes are always <resource server>/<name>: the default must be one it can issue
        assertEquals("webhooks/admin", scope.get("Default"));
        assertTrue(String.valueOf(scope.get("Default")).matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+"));
        String api = template.resourcesOfType("AWS::Serverless::HttpApi")
                .keySet()
                .iterator()
                .next();
        Map<String, Object> auth = map(template.properties(api).get("Auth"));
        Object scopes = at(auth, "Authorizers", (String) auth.get("DefaultAuthorizer"), "AuthorizationScopes");
        assertEquals(1, list(scopes).size(), "scopes " + scopes);
        assertEquals("AdminScope", ((Intrinsic) list(scopes).get(0)).ref());
        for (String id : template.resourcesOfType(FUNCTION).keySet()) {
            template.events(id, "HttpApi")
                    .forEach((name, event) -> assertNull(
                            at(event, "Auth", "AuthorizationScopes"),
                            id + " " + name + " must not replace the authorizer's scopes"));
        }
    }

    @Test
    void givenFunctionsAndApi_whenLimitsRead_thenConcurrencyIsReservedOnlyWhenAskedAndThrottlingIsAParameter() {
        assertEquals(
                Map.of(
                        "admin",
                        "AdminConcurrency",
                        "delivery",
                        "DeliveryConcurrency",
                        "missed-scan",
                        "ScanConcurrency"),
                Map.of(
                        "admin",
                        reservedConcurrency("admin"),
                        "delivery",
                        reservedConcurrency("delivery"),
                        "missed-scan",
                        reservedConcurrency("missed-scan")));
        for (String parameter : List.of("AdminConcurrency", "DeliveryConcurrency", "ScanConcurrency")) {
            // Lambda keeps 100 executions unreserved: any reservation needs an account limit of 100 + it, and new
            // accounts often have 10 or 50, so a default stack reserves nothing
            assertEquals(0, ((Number) template.parameter(parameter).get("Default")).intValue(), parameter);
            assertEquals(0, ((Number) template.parameter(parameter).get("MinValue")).intValue(), parameter);
        }
        // without a reservation the event sources' caps (20 + 40 + 2 + 2) bound the delivery function on their own
        int sources = template.events(functionExporting("delivery"), "SQS").values().stream()
                .mapToInt(sqs -> Integer.parseInt(String.valueOf(at(sqs, "ScalingConfig", "MaximumConcurrency"))))
                .sum();
        assertEquals(64, sources);
        assertTrue(String.valueOf(template.parameter("DeliveryConcurrency").get("Description"))
                .contains("below 64"));

        String api = template.resourcesOfType("AWS::Serverless::HttpApi")
                .keySet()
                .iterator()
                .next();
        Map<String, Object> route = map(template.properties(api).get("DefaultRouteSettings"));
        assertEquals("ApiBurstLimit", ((Intrinsic) route.get("ThrottlingBurstLimit")).ref());
        assertEquals("ApiRateLimit", ((Intrinsic) route.get("ThrottlingRateLimit")).ref());
        for (String name : List.of("ApiBurstLimit", "ApiRateLimit")) {
            assertTrue(((Number) template.parameter(name).get("Default")).intValue() > 0, name);
        }
        // the public links have a bucket of their own, smaller than the signed-in API's
        Map<String, Object> perRoute = map(template.properties(api).get("RouteSettings"));
        assertEquals(
                Set.of(
                        "GET /report/confirm",
                        "POST /report/confirm",
                        "GET /report/unsubscribe",
                        "POST /report/unsubscribe"),
                perRoute.keySet());
        perRoute.values()
                .forEach(limits -> assertTrue(
                        ((Number) map(limits).get("ThrottlingRateLimit")).intValue()
                                < ((Number) template.parameter("ApiRateLimit").get("Default")).intValue(),
                        limits.toString()));
    }

    private String reservedConcurrency(String export) {
        Object value = template.functionProperty(functionExporting(export), "ReservedConcurrentExecutions");
        assertInstanceOf(Intrinsic.class, value, export);
        Intrinsic when = (Intrinsic) value;
        assertEquals("If", when.function(), export + ": reserved only when its parameter is not 0");
        return ((Intrinsic) list(when.value()).get(1)).ref();
    }

    /** The routes AdminRoutes serves without an account ({@code .openRoute("GET", "/app.js", ...)}). */
    private static Set<String> openRoutesOfTheRouter() {
        try {
            String source = Files.readString(Project.path("src/main/java/io/backupwebhooks/admin/AdminRoutes.java"));
            Set<String> open = new TreeSet<>();
            java.util.regex.Matcher m = Pattern.compile("\\.openRoute\\(\\s*\"(\\w+)\",\\s*\"([^\"]+)\"")
                    .matcher(source);
            while (m.find()) {
                open.add(m.group(1) + " " + m.group(2));
            }
            assertFalse(open.isEmpty(), "AdminRoutes has open routes");
            return open;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void givenOutputs_whenListed_thenTheQueueAndApiUrlsAreThere() {
        Map<String, Object> outputs = template.section("Outputs");
        String queue = ((Intrinsic) at(outputs, "QueueUrl", "Value")).ref();
        Map<String, Object> sqsEvent = template.events(functionExporting("delivery"), "SQS")
                .values()
                .iterator()
                .next();
        String deliveryQueue = ((Intrinsic) sqsEvent.get("Queue")).getAtt("Arn");
        assertEquals(deliveryQueue, queue, "QueueUrl is the delivery function's queue");
        assertNotNull(at(outputs, "DeadLetterQueueUrl", "Value"));
        String apiUrl = ((Intrinsic) at(outputs, "ApiUrl", "Value")).sub();
        String api = template.resourcesOfType("AWS::Serverless::HttpApi")
                .keySet()
                .iterator()
                .next();
        assertTrue(apiUrl.startsWith("https://${" + api + "}.execute-api."), apiUrl);
    }

    @Test
    void givenShortAndLongForms_whenParsed_thenTheSameIntrinsics() {
        Template parsed = Template.parse("""
                Short: [!Ref A, !GetAtt T.Arn, !Sub "${T.Arn}/x", !If [C, {ApplyOn: V}, !Ref AWS::NoValue]]
                Long: [{Ref: A}, {"Fn::GetAtt": [T, Arn]}, {"Fn::Sub": "${T.Arn}/x"},
                       {"Fn::If": [C, {ApplyOn: V}, {Ref: AWS::NoValue}]}]
                """);

        assertEquals(parsed.root().get("Long"), parsed.root().get("Short"));
        assertEquals(
                new Intrinsic("GetAtt", List.of("T", "Arn")),
                list(parsed.root().get("Short")).get(1));
    }

    // ------------------------------------------------------------------------------------------------------------

    /** The names of the {@code @Funq} methods in the main sources; an unnamed {@code @Funq} fails (implicit name). */
    private static Set<String> funqNames() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Project.path("src", "main", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher funq = FUNQ.matcher(Files.readString(file));
                while (funq.find()) {
                    if (funq.group(2) == null) {
                        fail(file + ": @Funq without an explicit name");
                    }
                    names.add(funq.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static Set<String> propertyVariables() {
        try {
            Path properties = Project.path("src", "main", "resources", "application.properties");
            Matcher variable = PROPERTY_ENV.matcher(Files.readString(properties));
            Set<String> names = new TreeSet<>();
            while (variable.find()) {
                names.add(variable.group(1));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String functionExporting(String export) {
        return template.resourcesOfType(FUNCTION).keySet().stream()
                .filter(id -> export.equals(template.environment(id).get(EXPORT)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no function exports " + export));
    }

    /** SERVER_POLICIES_TABLE -> ServerPoliciesTable. */
    private static String logicalId(String variable) {
        StringBuilder id = new StringBuilder();
        for (String word : variable.toLowerCase().split("_")) {
            id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return id.toString();
    }

    /** "HASH a S, RANGE b N; index: HASH c S, RANGE d N, ALL": a table's keys with their attribute types. */
    private String keys(String tableId) {
        Map<String, Object> table = template.properties(tableId);
        Map<String, Object> types = new LinkedHashMap<>();
        for (Object definition : list(table.get("AttributeDefinitions"))) {
            types.put(
                    (String) map(definition).get("AttributeName"),
                    map(definition).get("AttributeType"));
        }
        StringBuilder keys = new StringBuilder(keySchema(table.get("KeySchema"), types));
        for (Object index : list(table.get("GlobalSecondaryIndexes"))) {
            keys.append("; ")
                    .append(map(index).get("IndexName"))
                    .append(": ")
                    .append(keySchema(map(index).get("KeySchema"), types))
                    .append(", ")
                    .append(at(index, "Projection", "ProjectionType"));
        }
        assertTrue(table.get("LocalSecondaryIndexes") == null, tableId + " has local secondary indexes");
        return keys.toString();
    }

    private static String keySchema(Object schema, Map<String, Object> types) {
        return list(schema).stream()
                .map(Template::map)
                .map(k -> k.get("KeyType") + " " + k.get("AttributeName") + " " + types.get(k.get("AttributeName")))
                .collect(Collectors.joining(", "));
    }

    private static void collectStatements(Object node, List<Map<String, Object>> statements) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("Statement") instanceof List<?> list) {
                list.forEach(s -> statements.add(map(s)));
            }
            m.values().forEach(v -> collectStatements(v, statements));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectStatements(v, statements));
        }
    }

    private void assertOwnTableOrIndex(Object resource, Map<String, Object> statement) {
        if (resource instanceof Intrinsic i && i.getAtt("Arn") != null) {
            assertTrue(template.hasResource(i.getAtt("Arn"), TABLE), "not a table of this template: " + resource);
            return;
        }
        Matcher index = resource instanceof Intrinsic i && i.sub() != null ? INDEX_ARN.matcher(i.sub()) : null;
        if (index == null || !index.matches()) {
            fail("DynamoDB resource " + resource + " is neither a table's nor an index's ARN, in " + statement);
        }
        assertTrue(template.hasResource(index.group(1), TABLE), "not a table of this template: " + resource);
        List<Object> names = list(template.properties(index.group(1)).get("GlobalSecondaryIndexes")).stream()
                .map(gsi -> map(gsi).get("IndexName"))
                .toList();
        assertTrue(names.contains(index.group(2)), "no index " + index.group(2) + " on " + index.group(1));
    }

    /** The table a DynamoDB statement resource names (its own ARN or one of its indexes'), else null. */
    private String tableOf(Object resource) {
        if (resource instanceof Intrinsic i && template.hasResource(i.getAtt("Arn"), TABLE)) {
            return i.getAtt("Arn");
        }
        if (resource instanceof Intrinsic i && i.sub() != null) {
            Matcher index = INDEX_ARN.matcher(i.sub());
            return index.matches() ? index.group(1) : null;
        }
        return null;
    }

    /** A number, or a !Ref to a Number parameter resolved to the largest value it may take (MaxValue, else Default). */
    private long seconds(Object value) {
        if (value instanceof Intrinsic i && i.ref() != null) {
            Map<String, Object> parameter = template.parameter(i.ref());
            value = parameter.containsKey("MaxValue") ? parameter.get("MaxValue") : parameter.get("Default");
        }
        return Long.parseLong(String.valueOf(value));
    }
}
