package io.backupwebhooks.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a {@code @QuarkusTest} of one function talks to instead of AWS: starts dynalite (DynamoDB) with the template's
 * tables, ElasticMQ (SQS) with the template's queues and aws-ses-v2-local (SES v2), each on a free loopback port, and
 * an {@link AwsGate} in front of all three: the function under test (init arg {@code function}, its export name) reaches
 * DynamoDB and SQS only through its own gate endpoint, so every call it makes must be allowed by its statements in
 * infra/template.yaml (init arg {@code template}: another template, e.g. a copy with a grant removed). The queues'
 * ARNs and the missing-alerts queue's URL are configured as the template's environment gives them. Everything it
 * sets is the application's configuration (nothing JVM-wide); the test class gets the gate, the SES stand-in and
 * ElasticMQ in its fields marked {@link Emulated}.
 */
public class EmulatorsBehindGate implements QuarkusTestResourceLifecycleManager {

    private Dynalite dynalite;
    private SesLocal ses;
    private ElasticMq elasticMq;
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
            throw new IllegalArgumentException(
                    "EmulatorsBehindGate needs the function under test (init arg 'function')");
        }
    }

    @Override
    public Map<String, String> start() {
        dynalite = Dynalite.start();
        try (DynamoDbClient client = dynalite.client()) {
            LocalTables.create(client);
        }
        // every function may send email (admin: confirmations; report: reports), so SES is always behind the gate;
        // the scan sends to and delivery reads the template's queues, so SQS is too
        ses = SesLocal.start();
        elasticMq = new ElasticMq();
        Map<String, String> queues = elasticMq.createTemplateQueues();
        gate = new AwsGate(
                Template.load(template),
                Map.of("dynamodb", dynalite.endpoint(), "ses", ses.endpoint(), "sqs", elasticMq.endpoint()),
                AwsGate.USAGE);
        String endpoint = gate.endpoint(AwsGate.functionId(function));
        Map<String, String> config = new HashMap<>(LocalTables.NAMES);
        config.put("backup-webhooks.report.ses-endpoint", endpoint);
        config.put("quarkus.dynamodb.endpoint-override", endpoint);
        config.put("quarkus.dynamodb.aws.region", "us-east-1");
        config.put("quarkus.dynamodb.aws.credentials.type", "static");
        config.put("quarkus.dynamodb.aws.credentials.static-provider.access-key-id", "local");
        config.put("quarkus.dynamodb.aws.credentials.static-provider.secret-access-key", "local");
        config.put("backup-webhooks.queues.endpoint-override", endpoint);
        config.put("backup-webhooks.queues.events-arn", ElasticMq.EVENTS_ARN);
        config.put("backup-webhooks.queues.missing-alerts-arn", ElasticMq.ALERTS_ARN);
        config.put("backup-webhooks.queues.policies-arn", ElasticMq.POLICIES_ARN);
        config.put("backup-webhooks.queues.resends-arn", ElasticMq.RESENDS_ARN);
        config.put("backup-webhooks.queues.resends-url", queues.get(Resolver.QUEUES.get("ResendQueue")));
        config.put("backup-webhooks.queues.missing-alerts-url", queues.get(Resolver.QUEUES.get("MissingAlertsQueue")));
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(gate, new TestInjector.AnnotatedAndMatchesType(Emulated.class, AwsGate.class));
        injector.injectIntoFields(ses, new TestInjector.AnnotatedAndMatchesType(Emulated.class, SesLocal.class));
        injector.injectIntoFields(elasticMq, new TestInjector.AnnotatedAndMatchesType(Emulated.class, ElasticMq.class));
    }

    @Override
    public void stop() {
        if (gate != null) {
            gate.close();
        }
        if (elasticMq != null) {
            elasticMq.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
        if (ses != null) {
            ses.close();
        }
    }
}
