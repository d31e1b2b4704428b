package io.backupwebhooks.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Starts dynalite with the service's tables for a Quarkus test, and an {@link AwsGate} in front of it: the function
 * under test (init arg {@code function}, its export name) reaches DynamoDB only through its own gate endpoint, so
 * every call it makes must be allowed by its statements in infra/template.yaml (init arg {@code template}: another
 * template, e.g. a copy with a grant removed).
 */
public class DynaliteResource implements QuarkusTestResourceLifecycleManager {

    private Dynalite dynalite;
    private SesLocal ses;
    private AwsGate gate;
    private String function;
    private Path template = Template.PATH;

    @Override
    public void init(Map<String, String> initArgs) {
        function = initArgs.get("function");
        if (initArgs.containsKey("template")) {
            template = Path.of(initArgs.get("template"));
        }
        if (function == null) {
            throw new IllegalArgumentException("DynaliteResource needs the function under test (init arg 'function')");
        }
    }

    @Override
    public Map<String, String> start() {
        dynalite = Dynalite.start();
        try (DynamoDbClient client = dynalite.client()) {
            LocalTables.create(client);
        }
        // every function may send email (admin: confirmations; report: reports), so SES is always behind the gate
        ses = SesLocal.start();
        gate = new AwsGate(Template.load(template), Map.of("dynamodb", dynalite.endpoint(), "ses", ses.endpoint()),
                AwsGate.USAGE);
        Map<String, String> config = new HashMap<>(LocalTables.NAMES);
        config.put("backup-webhooks.report.ses-endpoint", gate.endpoint(AwsGate.functionId(function)));
        config.put("quarkus.dynamodb.endpoint-override", gate.endpoint(AwsGate.functionId(function)));
        config.put("quarkus.dynamodb.aws.region", "us-east-1");
        config.put("quarkus.dynamodb.aws.credentials.type", "static");
        config.put("quarkus.dynamodb.aws.credentials.static-provider.access-key-id", "local");
        config.put("quarkus.dynamodb.aws.credentials.static-provider.secret-access-key", "local");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(gate, new TestInjector.MatchesType(AwsGate.class));
        injector.injectIntoFields(ses, new TestInjector.MatchesType(SesLocal.class));
    }

    @Override
    public void stop() {
        if (gate != null) {
            gate.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
        if (ses != null) {
            ses.close();
        }
    }
}
