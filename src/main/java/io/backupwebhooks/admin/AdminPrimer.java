package io.backupwebhooks.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.SendingPrimer;
import io.backupwebhooks.shared.webhook.WebhookSender;

/** The admin function's priming: a subscription read and the webhook HTTP client. */
@ApplicationScoped
@Named("admin")
class AdminPrimer extends SendingPrimer {

    AdminPrimer(SubscriptionStore subscriptions, WebhookSender sender) {
        super(subscriptions, sender);
    }
}
