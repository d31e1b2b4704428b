package io.backupwebhooks.local;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.Resolver;
import io.backupwebhooks.testing.Template;

/**
 * What Lambda gives one function of infra/template.yaml, for the packaged runs (local run, PackagedFunctionsIT,
 * benchmarks): the template's environment variables resolved for the local stack, the variables Lambda sets itself
 * (region, function name, memory size, credentials as environment variables, ...), a JVM sized from the function's
 * {@code MemorySize} as the java21 runtime sizes it, and its {@code Timeout}.
 *
 * @param function the export name (delivery, missed-scan, admin)
 * @param functionId the template's logical id
 * @param memoryMb {@code MemorySize}
 * @param timeout {@code Timeout}
 * @param environment everything the process gets, except the Runtime API's address
 */
public record Sandbox(
        String function, String functionId, int memoryMb, Duration timeout, Map<String, String> environment) {

    /** The sandbox of {@code function} in the project's template, its AWS calls going to {@code awsEndpoint}. */
    public static Sandbox of(String function, String awsEndpoint) {
        return of(new Resolver(Template.load()), function, awsEndpoint);
    }

    /**
     * The same where real local queues exist: {@code queueUrls} (local queue name to URL, as
     * {@code ElasticMq.createTemplateQueues} gives them) are what the template's {@code !Ref} of each queue gives.
     */
    public static Sandbox of(String function, String awsEndpoint, Map<String, String> queueUrls) {
        Map<String, String> given = new LinkedHashMap<>();
        Resolver.QUEUES.forEach((logicalId, name) -> {
            if (queueUrls.containsKey(name)) {
                given.put(logicalId, queueUrls.get(name));
            }
        });
        return of(new Resolver(Template.load(), given), function, awsEndpoint);
    }

    public static Sandbox of(Resolver resolver, String function, String awsEndpoint) {
        String id = AwsGate.functionId(function);
        int memory = resolver.functionNumber(id, "MemorySize");
        int timeout = resolver.functionNumber(id, "Timeout");
        Map<String, String> env = new LinkedHashMap<>();
        String name = "backup-webhooks-" + id;
        env.put("AWS_REGION", Resolver.REGION);
        env.put("AWS_DEFAULT_REGION", Resolver.REGION);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", name);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memory));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]0");
        // the function role's temporary credentials; the emulators accept any
        env.put("AWS_ACCESS_KEY_ID", "ASIALOCAL" + id.toUpperCase(java.util.Locale.ROOT));
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local-session-" + id);
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("_HANDLER", LocalFunction.HANDLER);
        env.putAll(resolver.environment(id));
        // local only: the function's own gate endpoint stands in for the AWS endpoints; loopback listeners allowed
        env.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", awsEndpoint);
        env.put("BACKUP_WEBHOOKS_REPORT_SES_ENDPOINT", awsEndpoint);
        env.put("BACKUP_WEBHOOKS_QUEUES_ENDPOINT_OVERRIDE", awsEndpoint);
        env.put("BACKUP_WEBHOOKS_DELIVERY_ALLOW_LOOPBACK_TARGETS", "true");
        return new Sandbox(function, id, memory, Duration.ofSeconds(timeout), Map.copyOf(env));
    }

    /**
     * The JVM options of Lambda's java21 runtime for this memory size: the sandbox's memory is all the JVM sees
     * ({@code MaxRAM}), the heap at most 85 % of it, metaspace 10 %, code cache 5 %, the serial collector and C1 only
     * (Lambda's default for java17 and later).
     */
    public List<String> jvmOptions() {
        long kb = memoryMb * 1024L;
        return List.of(
                "-XX:MaxRAM=" + memoryMb + "m",
                "-XX:MaxHeapSize=" + kb * 85 / 100 + "k",
                "-XX:MaxMetaspaceSize=" + kb * 10 / 100 + "k",
                "-XX:ReservedCodeCacheSize=" + kb * 5 / 100 + "k",
                "-XX:+UseSerialGC",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto");
    }

    /** This sandbox with more (or other) environment variables. */
    public Sandbox with(Map<String, String> more) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(more);
        return new Sandbox(function, functionId, memoryMb, timeout, Map.copyOf(env));
    }

    /** This sandbox with another timeout (a test of what happens past it). */
    public Sandbox withTimeout(Duration other) {
        return new Sandbox(function, functionId, memoryMb, other, environment);
    }
}
