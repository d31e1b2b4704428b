package io.backupwebhooks.infra;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.IamPolicy;
import io.backupwebhooks.testing.IamPolicy.Grant;
import io.backupwebhooks.testing.Resolver;
import io.backupwebhooks.testing.Template;

/**
 * Least privilege, the other way round: at the end of the build (after every test and PackagedFunctionsIT went through
 * the {@link AwsGate}), every (action, resource) that a function's statements grant must have been used by some test,
 * unless the template says why next to the function, in a comment {@code # untested: <action> <resource suffix>: why}.
 * Writes the used-versus-granted table to target/iam-usage/table.md (the README shows it).
 */
@Order(Integer.MAX_VALUE) // the last test class of the build (failsafe orders classes by @Order)
class LeastPrivilegeIT {

    private static final Pattern UNTESTED = Pattern.compile("#\\s*untested:\\s*(\\S+)\\s+(\\S+):\\s*(.+)");

    @Test
    void givenEveryTestRanThroughTheGate_whenGrantsAreComparedWithUse_thenNoGrantIsUnusedWithoutAReason()
            throws IOException {
        String filter = System.getProperty("surefire.test.filter", "");
        Assumptions.assumeTrue(
                filter.isEmpty() || filter.startsWith("${"),
                "-Dtest narrowed the test run, so not every grant was exercised");
        assertTrue(Files.isRegularFile(AwsGate.USAGE), "no use recorded: did the tests run through the gate?");
        Set<List<String>> used = new LinkedHashSet<>();
        for (String line : Files.readAllLines(AwsGate.USAGE)) {
            used.add(List.of(line.split("\t")));
        }

        Template template = Template.load();
        String yaml = Files.readString(Template.PATH);
        List<String> unused = new ArrayList<>();
        StringBuilder table =
                new StringBuilder("| function | action | resource | used by the tests |\n|---|---|---|---|\n");
        for (Map.Entry<String, IamPolicy> policy :
                IamPolicy.of(new Resolver(template)).entrySet()) {
            String id = policy.getKey();
            Map<String, String> reasons = untested(yaml, id);
            for (Grant grant : policy.getValue().grants()) {
                boolean isUsed = used.stream().anyMatch(u -> u.get(0).equals(id) && grant.covers(u.get(1), u.get(2)));
                String reason = reasons.entrySet().stream()
                        .filter(r -> grant.action().equals(r.getKey().split(" ")[0])
                                && grant.resource().endsWith(r.getKey().split(" ")[1]))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElse(null);
                if (!isUsed && reason == null) {
                    unused.add(id + ": " + grant.action() + " on " + grant.resource());
                }
                table.append("| ")
                        .append(id)
                        .append(" | `")
                        .append(grant.action())
                        .append("` | `")
                        .append(grant.resource().replace("arn:aws:dynamodb:us-east-1:000000000000:", ""))
                        .append("` | ")
                        .append(isUsed ? "yes" : "no: " + reason)
                        .append(" |\n");
            }
        }
        Files.writeString(AwsGate.USAGE.resolveSibling("table.md"), table);
        assertFalse(used.isEmpty());
        assertTrue(
                unused.isEmpty(),
                "granted in infra/template.yaml but used by no test (remove the grant, test it, or"
                        + " comment '# untested: ACTION RESOURCE: why' in the function): " + unused);
    }

    /** The function's {@code # untested:} comments: "action resource-suffix" to the reason. */
    private static Map<String, String> untested(String yaml, String functionId) {
        int from = yaml.indexOf("\n  " + functionId + ":\n");
        Matcher next = Pattern.compile("\n  [A-Za-z]+:\n").matcher(yaml);
        int to = next.find(from + 1) ? next.start() : yaml.length();
        Map<String, String> reasons = new java.util.LinkedHashMap<>();
        Matcher m = UNTESTED.matcher(yaml.substring(from, to));
        while (m.find()) {
            reasons.put(m.group(1) + " " + m.group(2), m.group(3).trim());
        }
        return reasons;
    }
}
