package io.backupwebhooks.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.store.DeliveryStore;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.ResendRequest;
import io.backupwebhooks.shared.webhook.RetryLaterException;
import io.backupwebhooks.shared.webhook.WebhookDispatcher;

/**
 * The resends of a recovery (spec 6), one message each from the resend queue (only the admin function may send
 * there): the event is sent again to its subscription as it is now, unless it was resent since the admin asked (its
 * latest attempt is no longer the one the request saw), its record is gone, or its subscription was removed or
 * disabled since. Five DynamoDB requests a resend: the event's record, the subscription, the claim, the resend's record,
 * its outcome on the event's record.
 */
@ApplicationScoped
public class Resends {

    private static final Logger LOG = Logger.getLogger(Resends.class);

    private final DeliveryStore deliveries;
    private final SubscriptionStore subscriptions;
    private final WebhookDispatcher dispatcher;

    Resends(DeliveryStore deliveries, SubscriptionStore subscriptions, WebhookDispatcher dispatcher) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.dispatcher = dispatcher;
    }

    void handle(String body) throws BadEventException {
        ResendRequest request;
        try {
            request = ResendRequest.fromMessage(body);
        } catch (IllegalArgumentException e) {
            throw new BadEventException("not a resend: " + e.getMessage());
        }
        Delivery original = deliveries
                .findById(request.deliveryId())
                .filter(d ->
                        !d.isResend() && d.account().equals(request.account()) && d.eventType() == request.eventType())
                .orElse(null);
        if (original == null) {
            LOG.infof("resend of %s skipped: its record is no longer kept", request.deliveryId());
            return;
        }
        if (!original.latestId().equals(request.expect())) {
            LOG.infof("resend of %s skipped: it was resent since (%s)", original.id(), original.latestId());
            return;
        }
        if (original.latestOutcome() == Delivery.Outcome.DELIVERED || original.body() == null) {
            // delivered by the resend the request saw in flight; or a record without its payload
            LOG.infof(
                    "resend of %s skipped: %s",
                    original.id(), original.body() == null ? "no payload kept" : "delivered");
            return;
        }
        Subscription subscription = subscriptions
                .find(original.account(), original.eventType())
                .filter(Subscription::enabled)
                .orElse(null);
        if (subscription == null) {
            LOG.infof(
                    "resend of %s skipped: %s has no enabled %s webhook any more",
                    original.id(), original.account(), original.eventType());
            return;
        }
        WebhookDispatcher.Resent resent =
                dispatcher.resend(original, subscription, request.expect(), request.requestedBy(), false);
        if (resent.claim() == DeliveryStore.ResendClaim.IN_FLIGHT) {
            throw new RetryLaterException("a resend of " + original.id() + " is being sent; this one waits for it");
        }
    }
}
