package io.backupwebhooks.shared;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.webhook.WebhookSender;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Does in Lambda's init phase what the first event would otherwise pay for: builds the DynamoDB client, runs one
 * request through it (a GetItem of a subscription key that never exists; every function may read subscriptions) and
 * creates the webhook HTTP client. With SnapStart (the template's JVM packaging), all of it is in the snapshot, and
 * a restored function answers its first event in tens of milliseconds instead of most of a second.
 */
@ApplicationScoped
public class Priming {

    private static final Logger LOG = Logger.getLogger(Priming.class);

    void prime(@Observes StartupEvent started, DynamoDbClient dynamo, ServiceConfig config, WebhookSender sender) {
        long begun = System.nanoTime();
        try {
            dynamo.getItem(b -> b.tableName(config.tables().subscriptions()).key(Map.of(
                    "account", AttributeValue.fromS("~priming"), "eventType", AttributeValue.fromS("SUCCESS"))));
        } catch (RuntimeException e) {
            LOG.debugf("the priming request failed, which is harmless: %s", e.toString());
        }
        sender.prime();
        LOG.debugf("primed in %d ms", (System.nanoTime() - begun) / 1_000_000);
    }
}
