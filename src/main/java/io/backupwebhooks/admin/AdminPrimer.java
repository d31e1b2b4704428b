package io.backupwebhooks.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.Priming;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.WebhookSender;

/** The admin function's priming (see {@link Priming}): a subscription read and the webhook HTTP client. */
@ApplicationScoped
@Named("admin")
class AdminPrimer implements Priming.Primer {

    private final SubscriptionStore subscriptions;
    private final WebhookSender sender;

    AdminPrimer(SubscriptionStore subscriptions, WebhookSender sender) {
        this.subscriptions = subscriptions;
        this.sender = sender;
    }

    @Override
    public void prime() {
        sender.prime();
        subscriptions.find("~priming", EventType.SUCCESS);
    }
}
