package io.backupwebhooks.delivery;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.store.Start;
import io.backupwebhooks.shared.store.StartStore;
import io.backupwebhooks.shared.webhook.Payloads;
import io.backupwebhooks.shared.webhook.WebhookDispatcher;
import io.backupwebhooks.shared.webhook.WebhookEvent;

/** What one queue record does: a start is recorded; a completion is sent to its subscription (and its start recorded). */
@ApplicationScoped
public class DeliveryService {

    private final StartStore starts;
    private final WebhookDispatcher dispatcher;

    DeliveryService(StartStore starts, WebhookDispatcher dispatcher) {
        this.starts = starts;
        this.dispatcher = dispatcher;
    }

    public void handle(String body) throws BadEventException {
        LifecycleEvent event = LifecycleEventParser.parse(body);
        Start start = event.startedDate() == null ? null
                : new Start(event.serverPolicyId(), event.startedDate().toInstant(), event.account(), event.server(),
                        event.accountPolicyId(), event.restorePointId());
        if (!event.isCompletion()) {
            starts.record(start);
            return;
        }
        dispatcher.dispatch(webhookOf(event), start == null ? List.of() : List.of(starts.recordWrite(start)));
    }

    static WebhookEvent webhookOf(LifecycleEvent e) {
        Payloads.Completion completion = new Payloads.Completion(e.status(), e.account(), e.server(), e.serverPolicyId(),
                e.accountPolicyName(), e.accountPolicyId(), e.restorePointId(), e.finishedDate().toInstant());
        String id = WebhookEvent.idOf(e.type().name(), e.status().name(), e.account(), e.serverPolicyId(),
                e.restorePointId(), e.finishedDate().toInstant().toString());
        return new WebhookEvent(id, e.account(), e.status(), Payloads.completion(completion));
    }
}
