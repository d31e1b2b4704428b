package io.backupwebhooks.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One Quarkus test profile per function ({@code quarkus.funqy.export}), all against dynalite behind the function's
 * own {@link AwsGate} endpoint (its IAM statements in infra/template.yaml decide what it may call), with loopback
 * listeners allowed (test-only switch) and short timeouts so that fault tests stay quick.
 */
public abstract class FunctionProfile implements QuarkusTestProfile {

    /**
     * The mock Lambda event server's port, free when the tests start (not Quarkus's fixed 8081), so that two builds
     * on one machine do not collide. One port for the JVM: the profiles' servers run one after the other.
     */
    private static final String EVENT_SERVER_PORT = Integer.toString(Dynalite.freePort());

    private final String function;

    protected FunctionProfile(String function) {
        this.function = function;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new java.util.HashMap<>(extra());
        overrides.putAll(Map.of(
                "quarkus.funqy.export", function,
                "quarkus.lambda.mock-event-server.test-port", EVENT_SERVER_PORT,
                "backup-webhooks.delivery.allow-loopback-targets", "true",
                "backup-webhooks.delivery.connect-timeout", "1s",
                "backup-webhooks.delivery.request-timeout", "2s",
                "backup-webhooks.delivery.claim-lease", "5s",
                // build time: the test's own DynamoDB requests are marked so that the gate lets them through
                "quarkus.dynamodb.interceptors", GateHarnessMarker.class.getName()));
        return overrides;
    }

    /** More settings of a profile. */
    protected Map<String, String> extra() {
        return Map.of();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(EmulatorsBehindGate.class, resourceArgs()));
    }

    /** The DynamoDB resource's arguments: the function under test, whose template grants its gate enforces. */
    protected Map<String, String> resourceArgs() {
        return Map.of("function", function);
    }

    public static class Delivery extends FunctionProfile {
        public Delivery() {
            super("delivery");
        }
    }

    /** The delivery function with {@link SettableNow}: a test sets when the policy feed's changes are applied. */
    public static class DeliveryAtSetTime extends FunctionProfile {
        public DeliveryAtSetTime() {
            super("delivery");
        }

        @Override
        public java.util.Set<Class<?>> getEnabledAlternatives() {
            return java.util.Set.of(SettableNow.class);
        }
    }

    /** The missed-scan function with {@link SettableNow}, for policies the feed applied at a set time. */
    public static class MissedScanAtSetTime extends FunctionProfile {
        public MissedScanAtSetTime() {
            super("missed-scan");
        }

        @Override
        public java.util.Set<Class<?>> getEnabledAlternatives() {
            return java.util.Set.of(SettableNow.class);
        }
    }

    public static class Admin extends FunctionProfile {
        public Admin() {
            super("admin");
        }
    }

    /** The admin function with room for only 3 server policies per account and 3 resends an hour (the guardrails' test). */
    public static class AdminSmallCap extends FunctionProfile {
        public AdminSmallCap() {
            super("admin");
        }

        @Override
        protected Map<String, String> extra() {
            return Map.of(
                    "backup-webhooks.admin.server-policies-per-account", "3",
                    "backup-webhooks.admin.resends-per-hour", "3");
        }
    }

    public static class MissedScan extends FunctionProfile {
        public MissedScan() {
            super("missed-scan");
        }
    }

    public static class Report extends FunctionProfile {
        public Report() {
            super("report");
        }
    }

    /**
     * The report function in an application of its own, so that the test's first run is the process's first
     * invocation (the cold start) whatever ran before.
     */
    public static class ReportFresh extends FunctionProfile {
        public ReportFresh() {
            super("report");
        }
    }

    /** The report function paced to 2 sends a second with a 1-second budget: one run cannot send everything. */
    public static class ReportPaced extends FunctionProfile {
        public ReportPaced() {
            super("report");
        }

        @Override
        protected Map<String, String> extra() {
            return Map.of(
                    "backup-webhooks.report.sends-per-second", "2",
                    "backup-webhooks.report.budget", "1s");
        }
    }

    /** The scan with no time at all: it must stop cleanly and leave the work due. */
    public static class MissedScanOutOfTime extends FunctionProfile {
        public MissedScanOutOfTime() {
            super("missed-scan");
        }

        @Override
        protected Map<String, String> extra() {
            return Map.of("backup-webhooks.scan.budget", "0s");
        }
    }
}
