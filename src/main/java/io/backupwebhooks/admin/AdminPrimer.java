package io.backupwebhooks.admin;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.SendingPrimer;
import io.backupwebhooks.shared.webhook.WebhookSender;

/** The admin function's priming: a subscription read and the webhook HTTP client. */
@Singleton
@Named("admin")
class AdminPrimer extends SendingPrimer {

    AdminPrimer(SubscriptionStore subscriptions, WebhookSender sender) {
        super(subscriptions, sender);
    }
}
