package io.backupwebhooks.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.backupwebhooks.testing.Project;
import io.backupwebhooks.testing.Template;

/**
 * What AWS would deploy, not the template we read: infra/template.yaml through the SAM translator (the
 * {@code samtranslator} that ships with cfn-lint, the code of CloudFormation's AWS::Serverless transform) with the
 * template's defaults, as {@code sam deploy} with every default accepted. Skipped where the translator is not
 * installed (.ci/run installs cfn-lint).
 */
class SamTranslationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> REQUIRED =
            Map.of("JwtIssuer", "https://issuer.example.com", "JwtAudience", "webhooks");
    private static final Pattern SUB_REF = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    private static JsonNode deployed;

    @BeforeAll
    static void translate() throws Exception {
        deployed = translated(Map.of());
    }

    @Test
    void givenTheDefaults_whenTranslated_thenEveryEventSourceAndRuleInvokesTheAliasNeverLatest() {
        Map<String, String> aliases = new HashMap<>();
        resources("AWS::Lambda::Alias")
                .forEach((id, alias) ->
                        aliases.put(id, alias.at("/Properties/FunctionName/Ref").asText()));
        assertEquals(
                Set.of("DeliveryFunction", "MissedScanFunction", "ReportFunction", "AdminFunction"),
                Set.copyOf(aliases.values()),
                "one alias per function");
        List<String> targets = new ArrayList<>();
        resources("AWS::Lambda::EventSourceMapping")
                .forEach((id, m) ->
                        targets.add(m.at("/Properties/FunctionName/Ref").asText()));
        resources("AWS::Events::Rule")
                .forEach((id, rule) -> rule.at("/Properties/Targets")
                        .forEach(t -> targets.add(t.at("/Arn/Ref").asText())));
        resources("AWS::Lambda::Permission")
                .forEach((id, p) ->
                        targets.add(p.at("/Properties/FunctionName/Ref").asText()));
        assertEquals(
                4 + 3 + 3 + 9,
                targets.size(),
                "four queues, three rules (scan, report runs, SES feedback) and their permissions, nine API routes");
        for (String target : targets) {
            assertTrue(aliases.containsKey(target), target + " is not an alias: it would invoke $LATEST");
        }
    }

    @Test
    void givenEachFunction_whenTranslated_thenEveryParameterOfItsConfigurationIsInItsVersionsDescription() {
        Set<String> parameters = deployed.path("Parameters").properties().stream()
                .map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toSet());
        resources("AWS::Lambda::Version").forEach((id, version) -> {
            String function = version.at("/Properties/FunctionName/Ref").asText();
            Set<String> configuration = new TreeSet<>();
            deployed.at("/Resources/" + function + "/Properties").properties().forEach(property -> {
                // reserved concurrency belongs to the function, not to a version: it applies without one
                if (!property.getKey().equals("ReservedConcurrentExecutions")) {
                    collectRefs(property.getValue(), configuration);
                }
            });
            configuration.retainAll(parameters);
            Set<String> named = new TreeSet<>();
            collectRefs(version.at("/Properties/Description"), named);
            // CloudFormation replaces a version whose properties change: a new version is published, the alias moves
            assertTrue(
                    named.containsAll(configuration),
                    function + "'s version names " + named + ", not all of " + configuration
                            + ": a change of the others would leave the alias on the old configuration");
        });
    }

    @Test
    void givenAParameterOnlyChange_whenDeployed_thenTheVersionsDescriptionChangesSoANewVersionIsPublished()
            throws Exception {
        Map<String, String> changed = Map.of(
                "AdminScope", "other:scope", "DeliveryTimeoutSeconds", "25", "ReportFromAddress", "ops@example.org");
        JsonNode redeployed = translated(changed);
        for (String function : List.of("AdminFunction", "DeliveryFunction", "ReportFunction")) {
            String before = versionDescription(deployed, function, Map.of());
            String after = versionDescription(redeployed, function, changed);
            // SAM keeps the version's logical id (it hashes the unresolved !Refs), so the description is what changes
            assertEquals(versionId(deployed, function), versionId(redeployed, function), function);
            assertNotEquals(before, after, function + ": CloudFormation would keep the old version and the alias");
        }
        assertEquals(
                versionDescription(deployed, "MissedScanFunction", Map.of()),
                versionDescription(redeployed, "MissedScanFunction", changed),
                "the scan reads none of them");
    }

    private static String versionId(JsonNode template, String function) {
        return template.path("Resources").properties().stream()
                .filter(e -> e.getValue().path("Type").asText().equals("AWS::Lambda::Version")
                        && e.getValue()
                                .at("/Properties/FunctionName/Ref")
                                .asText()
                                .equals(function))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    /** The version's Description as CloudFormation resolves its Fn::Sub with the stack's parameter values. */
    private static String versionDescription(JsonNode template, String function, Map<String, String> given) {
        String sub = template.at("/Resources/" + versionId(template, function) + "/Properties/Description/Fn::Sub")
                .asText();
        Matcher m = SUB_REF.matcher(sub);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = given.containsKey(name)
                    ? given.get(name)
                    : REQUIRED.containsKey(name)
                            ? REQUIRED.get(name)
                            : template.at("/Parameters/" + name + "/Default").asText();
            m.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        m.appendTail(resolved);
        assertTrue(resolved.length() <= 256, function + ": a version's description holds 256 characters at most");
        return resolved.toString();
    }

    @Test
    void givenTheDefaults_whenTranslated_thenTheJvmRuntimeRunsTheZipTheBuildMakesAndNothingIsReserved() {
        resources("AWS::Lambda::Function").forEach((id, function) -> {
            JsonNode runtime = function.at("/Properties/Runtime");
            assertEquals("IsJvm", runtime.at("/Fn::If/0").asText(), id);
            assertEquals("java21", runtime.at("/Fn::If/1").asText(), id);
            JsonNode reserved = function.at("/Properties/ReservedConcurrentExecutions");
            assertTrue(reserved.isMissingNode() || reserved.has("Fn::If"), id + " reserves unconditionally");
        });
        assertEquals("jvm", deployed.at("/Parameters/Packaging/Default").asText(), "the zip ./mvnw package builds");
        for (String p : List.of("AdminConcurrency", "DeliveryConcurrency", "ScanConcurrency")) {
            assertEquals(
                    0,
                    deployed.at("/Parameters/" + p + "/Default").asInt(),
                    p + ": a new account (limit 10 or 50) cannot reserve anything (Lambda keeps 100 unreserved)");
        }
        resources("AWS::DynamoDB::Table")
                .forEach((id, table) -> assertEquals(
                        "RetainExceptOnCreate",
                        table.path("DeletionPolicy").asText(),
                        id + ": a failed create must leave no billed table behind"));
    }

    @Test
    void givenTheAlertsQueuePolicy_whenTranslated_thenItDeniesTheOtherFunctionsRolesNotTheOperatorsRedrive() {
        JsonNode statement = deployed.at("/Resources/MissingAlertsQueuePolicy/Properties/PolicyDocument/Statement/0");
        assertEquals("Deny", statement.path("Effect").asText());
        List<String> denied = new ArrayList<>();
        statement
                .at("/Principal/AWS")
                .forEach(p -> denied.add(p.at("/Fn::GetAtt/0").asText()));
        Set<String> roles = resources("AWS::IAM::Role").keySet();
        assertTrue(roles.containsAll(denied), "the denied roles are SAM's generated ones: " + roles);
        assertEquals(Set.of("DeliveryFunctionRole", "AdminFunctionRole", "ReportFunctionRole"), Set.copyOf(denied));
        assertFalse(statement.has("Condition"), "no everyone-but-the-scan rule: it would block a redrive");
        assertNotEquals("*", statement.path("Principal").asText());
    }

    @Test
    void givenTheResendQueuePolicy_whenTranslated_thenItDeniesEveryRoleButTheAdminFunctions() {
        JsonNode statement = deployed.at("/Resources/ResendQueuePolicy/Properties/PolicyDocument/Statement/0");
        assertEquals("Deny", statement.path("Effect").asText());
        List<String> denied = new ArrayList<>();
        statement
                .at("/Principal/AWS")
                .forEach(p -> denied.add(p.at("/Fn::GetAtt/0").asText()));
        assertTrue(resources("AWS::IAM::Role").keySet().containsAll(denied), denied.toString());
        assertEquals(
                Set.of("DeliveryFunctionRole", "MissedScanFunctionRole", "ReportFunctionRole"), Set.copyOf(denied));
        assertFalse(statement.has("Condition"));
    }

    private static Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new HashMap<>();
        deployed.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    /** The names a node refers to: {@code Ref}s and the variables of {@code Fn::Sub} strings. */
    private static void collectRefs(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            if (node.has("Ref")) {
                into.add(node.get("Ref").asText());
            }
            JsonNode sub = node.get("Fn::Sub");
            if (sub != null) {
                Matcher m = SUB_REF.matcher(
                        sub.isTextual() ? sub.asText() : sub.path(0).asText());
                while (m.find()) {
                    into.add(m.group(1));
                }
            }
            node.forEach(child -> collectRefs(child, into));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, into));
        }
    }

    private static JsonNode translated(Map<String, String> parameters) throws IOException, InterruptedException {
        assumeTrue(translatorInstalled(), "the SAM translator (python3 -m pip install cfn-lint) is not installed");
        List<String> command = new ArrayList<>(List.of(
                "python3", Project.path("src", "test", "sam", "translate.py").toString(), Template.PATH.toString()));
        Map<String, String> all = new HashMap<>(REQUIRED);
        all.putAll(parameters);
        all.forEach((k, v) -> command.add(k + "=" + v));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the translator did not finish");
        assertEquals(0, process.exitValue(), "the SAM translator refused the template");
        return JSON.readTree(new String(out, StandardCharsets.UTF_8));
    }

    private static boolean translatorInstalled() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import samtranslator").start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
