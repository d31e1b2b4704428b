package io.backupwebhooks.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.webhook.WebhookDispatcher;
import io.backupwebhooks.shared.webhook.WebhookEvent;

/**
 * Deliveries made the way the service makes them: automatic attempts through the function's own
 * {@link WebhookDispatcher} (claim, one POST to the subscription as it is, the record), as the test's own setup
 * ({@link Arrange}: the gate lets them through). For the resend tests: an outage's failed deliveries.
 */
public final class Seed {

    private Seed() {}

    /** One automatic attempt of a new event of {@code type} with {@code body} to the account's subscription. */
    public static Delivery attempt(WebhookDispatcher dispatcher, String account, EventType type, String body) {
        WebhookEvent event = new WebhookEvent(
                WebhookEvent.idOf("SEED", account, UUID.randomUUID().toString()), account, type, body);
        return Arrange.get(() -> dispatcher.dispatch(event, List.of()))
                .orElseThrow(() -> new IllegalStateException("no enabled subscription of " + type + " for " + account));
    }

    /** {@code count} attempts at once (8 at a time), in no set order; returns them. */
    public static List<Delivery> attempts(
            WebhookDispatcher dispatcher, String account, EventType type, String body, int count) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Delivery>> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                made.add(pool.submit(() -> attempt(dispatcher, account, type, body)));
            }
            List<Delivery> out = new ArrayList<>();
            for (Future<Delivery> f : made) {
                out.add(f.get());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
