package io.backupwebhooks.shared.webhook;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.Priming;
import io.backupwebhooks.shared.store.SubscriptionStore;

/**
 * The priming of a function that POSTs webhooks (delivery, admin's test sends): a subscription read, which both roles
 * allow, and the webhook HTTP client. Each such function brings its own {@code @Named} subclass (see {@link Priming}).
 */
public abstract class SendingPrimer implements Priming.Primer {

    private final SubscriptionStore subscriptions;
    private final WebhookSender sender;

    protected SendingPrimer(SubscriptionStore subscriptions, WebhookSender sender) {
        this.subscriptions = subscriptions;
        this.sender = sender;
    }

    @Override
    public void prime() {
        sender.prime();
        subscriptions.find("~priming", EventType.SUCCESS);
    }
}
