package io.backupwebhooks.delivery;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.store.BackupOutcome;
import io.backupwebhooks.shared.store.OutcomeStore;
import io.backupwebhooks.shared.store.Start;
import io.backupwebhooks.shared.store.StartStore;
import io.backupwebhooks.shared.webhook.Payloads;
import io.backupwebhooks.shared.webhook.WebhookDispatcher;
import io.backupwebhooks.shared.webhook.WebhookEvent;

/** What one queue record does: a start is recorded; a completion is sent to its subscription (and its start recorded). */
@ApplicationScoped
public class DeliveryService {

    private final StartStore starts;
    private final OutcomeStore outcomes;
    private final WebhookDispatcher dispatcher;

    DeliveryService(StartStore starts, OutcomeStore outcomes, WebhookDispatcher dispatcher) {
        this.starts = starts;
        this.outcomes = outcomes;
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
        WebhookEvent webhook = webhookOf(event);
        BackupOutcome outcome = outcomeOf(event, webhook.eventId());
        dispatcher.dispatch(webhook, start == null ? List.of() : List.of(starts.recordWrite(start)),
                attempt -> outcomes.recordWrite(outcome.withAttempt(attempt)));
    }

    /** What the daily report shows of a completion, recorded whether or not it is subscribed. */
    static BackupOutcome outcomeOf(LifecycleEvent e, String eventId) {
        return new BackupOutcome(e.account(), eventId, e.status(), e.finishedDate().toInstant(), e.server(),
                e.serverPolicyId(), e.accountPolicyId(), e.accountPolicyName(), e.restorePointId(), null, null, null);
    }

    static WebhookEvent webhookOf(LifecycleEvent e) {
        Payloads.Completion completion = new Payloads.Completion(e.status(), e.account(), e.server(), e.serverPolicyId(),
                e.accountPolicyName(), e.accountPolicyId(), e.restorePointId(), e.finishedDate().toInstant());
        String id = WebhookEvent.idOf(e.type().name(), e.status().name(), e.account(), e.serverPolicyId(),
                e.restorePointId(), e.finishedDate().toInstant().toString());
        return new WebhookEvent(id, e.account(), e.status(), Payloads.completion(completion));
    }
}
