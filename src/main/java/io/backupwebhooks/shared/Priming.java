package io.backupwebhooks.shared;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.WebhookSender;
import io.quarkus.runtime.StartupEvent;

/**
 * Does in Lambda's init phase what the first event would otherwise pay for: builds the DynamoDB client, runs one
 * request through it (a GetItem of a subscription key that never exists; every function may read subscriptions) and
 * creates the webhook HTTP client. With SnapStart (the template's JVM packaging), all of it is in the snapshot, and
 * a restored function answers its first event in tens of milliseconds instead of most of a second.
 */
@ApplicationScoped
public class Priming {

    private static final Logger LOG = Logger.getLogger(Priming.class);

    void prime(@Observes StartupEvent started, SubscriptionStore subscriptions, WebhookSender sender) {
        long begun = System.nanoTime();
        try {
            subscriptions.find("~priming", EventType.SUCCESS);
        } catch (RuntimeException e) {
            LOG.debugf("the priming request failed, which is harmless: %s", e.toString());
        }
        sender.prime();
        LOG.debugf("primed in %d ms", (System.nanoTime() - begun) / 1_000_000);
    }
}
