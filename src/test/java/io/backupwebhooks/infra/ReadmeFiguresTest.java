package io.backupwebhooks.infra;

import static io.backupwebhooks.testing.Template.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.backupwebhooks.testing.Project;
import io.backupwebhooks.testing.Template;

/**
 * The figures the README copies from infra/template.yaml are the template's: the event sources' caps, and no stale
 * reserved-concurrency figure (the README names the parameters and their default, which reserves nothing).
 */
class ReadmeFiguresTest {

    private final Template template = Template.load();

    @Test
    void givenTheReadme_whenItStatesTheEventSourcesCaps_thenTheyAreTheTemplates() throws IOException {
        String readme = Files.readString(Project.path("README.md"));
        Map<String, Map<String, Object>> sources = template.events("DeliveryFunction", "SQS");
        int alerts = cap(sources.get("MissingAlerts"));
        int events = cap(sources.get("Queue"));
        List<Integer> stated = new ArrayList<>();
        Matcher m = Pattern.compile("MaximumConcurrency(?:`|:)?:? (\\d+)").matcher(readme);
        while (m.find()) {
            stated.add(Integer.parseInt(m.group(1)));
        }
        assertFalse(stated.isEmpty(), "the README states the alerts source's cap");
        java.util.Set<Integer> caps = new java.util.TreeSet<>();
        sources.values().forEach(source -> caps.add(cap(source)));
        for (int figure : stated) {
            assertTrue(caps.contains(figure), figure + " is the cap of none of the sources " + caps);
        }
        assertTrue(readme.contains("MaximumConcurrency: " + cap(sources.get("Resends")) + "`"), "the resends' cap");
        assertTrue(readme.contains("MaximumConcurrency: " + alerts + "`"), "the alerts source's cap");
        assertTrue(readme.contains("MaximumConcurrency: " + events + "`"), "the lifecycle source's cap");
    }

    @Test
    void givenTheReadme_whenItNamesReservedConcurrency_thenItStatesTheTemplatesDefault() throws IOException {
        String readme = Files.readString(Project.path("README.md"));
        for (String parameter : List.of("AdminConcurrency", "DeliveryConcurrency", "ScanConcurrency")) {
            Object byDefault = template.parameter(parameter).get("Default");
            Matcher m = Pattern.compile("`" + parameter + "` \\((\\d+)").matcher(readme);
            while (m.find()) {
                assertEquals(String.valueOf(byDefault), m.group(1), parameter + " in the README");
            }
        }
    }

    private static int cap(Map<String, Object> source) {
        return Integer.parseInt(String.valueOf(at(source, "ScalingConfig", "MaximumConcurrency")));
    }
}
