package io.backupwebhooks.delivery;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.SendingPrimer;
import io.backupwebhooks.shared.webhook.WebhookSender;

/** The delivery function's priming: a subscription read and the webhook HTTP client. */
@Singleton
@Named("delivery")
class DeliveryPrimer extends SendingPrimer {

    DeliveryPrimer(SubscriptionStore subscriptions, WebhookSender sender) {
        super(subscriptions, sender);
    }
}
