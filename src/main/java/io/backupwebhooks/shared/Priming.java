package io.backupwebhooks.shared;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.backupwebhooks.shared.store.OutcomeStore;
import io.backupwebhooks.shared.store.StartStore;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.WebhookSender;
import io.quarkus.runtime.StartupEvent;

/**
 * Does in Lambda's init phase what the first event would otherwise pay for: builds the DynamoDB client, runs one
 * request through it (one its role allows, of a key that never exists: the scan queries the starts table, the report
 * function the outcomes table, the others read a subscription) and, for the functions that POST (delivery, admin), creates the webhook HTTP client. With SnapStart (the template's JVM packaging), all of it is in the snapshot, and
 * a restored function answers its first event in tens of milliseconds instead of most of a second.
 */
@ApplicationScoped
public class Priming {

    private static final Logger LOG = Logger.getLogger(Priming.class);

    void prime(@Observes StartupEvent started, SubscriptionStore subscriptions, StartStore starts,
            OutcomeStore outcomes, WebhookSender sender,
            @ConfigProperty(name = "quarkus.funqy.export", defaultValue = "") String function) {
        long begun = System.nanoTime();
        boolean scan = function.equals("missed-scan");
        boolean report = function.equals("report");
        try {
            if (scan) {
                starts.startsBetween("~priming", "~priming", Instant.EPOCH, Instant.EPOCH);
            } else if (report) {
                outcomes.between("~priming", Instant.EPOCH, Instant.EPOCH);
            } else {
                subscriptions.find("~priming", EventType.SUCCESS);
            }
        } catch (RuntimeException e) {
            LOG.debugf("the priming request failed, which is harmless: %s", e.toString());
        }
        if (!scan && !report) {
            sender.prime();
        }
        LOG.debugf("primed in %d ms", (System.nanoTime() - begun) / 1_000_000);
    }
}
