package io.backupwebhooks.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.SendingPrimer;
import io.backupwebhooks.shared.webhook.WebhookSender;

/** The delivery function's priming: a subscription read and the webhook HTTP client. */
@ApplicationScoped
@Named("delivery")
class DeliveryPrimer extends SendingPrimer {

    DeliveryPrimer(SubscriptionStore subscriptions, WebhookSender sender) {
        super(subscriptions, sender);
    }
}
