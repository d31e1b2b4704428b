package io.backupwebhooks.delivery;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.store.BackupOutcome;
import io.backupwebhooks.shared.store.OutcomeStore;
import io.backupwebhooks.shared.store.Start;
import io.backupwebhooks.shared.store.StartStore;
import io.backupwebhooks.shared.webhook.MissingAlert;
import io.backupwebhooks.shared.webhook.Payloads;
import io.backupwebhooks.shared.webhook.WebhookDispatcher;
import io.backupwebhooks.shared.webhook.WebhookEvent;

/**
 * What one queue record does, by the queue it came from. From the events queue: a start is recorded; a completion is
 * sent to its subscription (and its start recorded). From the missing-alerts queue (only the scan may send there): the
 * missed start is sent to the account's MISSING subscription. A record from any other source, or an alert on the
 * events queue, is a bad record. From the policy queue: the policy feed ({@link PolicyFeed}). From the resend queue
 * (only the admin function may send there): an admin's recovery, one resend a record ({@link Resends}).
 */
@ApplicationScoped
public class DeliveryService {

    private final StartStore starts;
    private final OutcomeStore outcomes;
    private final WebhookDispatcher dispatcher;
    private final Optional<String> eventsArn;
    private final Optional<String> alertsArn;
    private final Optional<String> policiesArn;
    private final Optional<String> resendsArn;
    private final PolicyFeed feed;
    private final Resends resends;

    DeliveryService(
            StartStore starts,
            OutcomeStore outcomes,
            WebhookDispatcher dispatcher,
            PolicyFeed feed,
            Resends resends,
            ServiceConfig config) {
        this.starts = starts;
        this.outcomes = outcomes;
        this.dispatcher = dispatcher;
        this.feed = feed;
        this.resends = resends;
        this.resendsArn = config.queues().resendsArn();
        this.eventsArn = config.queues().eventsArn();
        this.alertsArn = config.queues().missingAlertsArn();
        this.policiesArn = config.queues().policiesArn();
    }

    /** One record from the queue {@code sourceArn} (the record's eventSourceARN). */
    public void handle(String sourceArn, String body) throws BadEventException {
        if (sourceArn != null && alertsArn.isPresent() && alertsArn.get().equals(sourceArn)) {
            alert(body);
        } else if (sourceArn != null && eventsArn.isPresent() && eventsArn.get().equals(sourceArn)) {
            handle(body);
        } else if (sourceArn != null
                && policiesArn.isPresent()
                && policiesArn.get().equals(sourceArn)) {
            feed.handle(body);
        } else if (sourceArn != null
                && resendsArn.isPresent()
                && resendsArn.get().equals(sourceArn)) {
            resends.handle(body);
        } else {
            throw new BadEventException("record from " + sourceArn + ", which is neither the events queue ("
                    + eventsArn.orElse("not configured") + "), the missing-alerts queue ("
                    + alertsArn.orElse("not configured") + "), the policy queue ("
                    + policiesArn.orElse("not configured") + ") nor the resend queue ("
                    + resendsArn.orElse("not configured") + ")");
        }
    }

    /** A missed start found by the scan: sent like a completion (claim, one attempt, delivery record). */
    void alert(String body) throws BadEventException {
        MissingAlert alert;
        try {
            alert = MissingAlert.fromMessage(body);
        } catch (IllegalArgumentException e) {
            throw new BadEventException("not a missing alert: " + e.getMessage());
        }
        WebhookEvent webhook = alert.webhook();
        BackupOutcome outcome = outcomeOf(alert);
        dispatcher.dispatch(webhook, List.of(), attempt -> outcomes.recordWrite(outcome.withAttempt(attempt)));
    }

    /** What the daily report shows of a missed start, recorded whether or not it is subscribed. */
    static BackupOutcome outcomeOf(MissingAlert a) {
        return new BackupOutcome(
                a.account(),
                a.eventId(),
                EventType.MISSING,
                a.expectedDate(),
                a.server(),
                a.serverPolicyId(),
                a.accountPolicyId(),
                a.accountPolicyName(),
                null,
                null,
                null,
                null);
    }

    /** A lifecycle event (spec 1). */
    void handle(String body) throws BadEventException {
        LifecycleEvent event = LifecycleEventParser.parse(body);
        Start start = event.startedDate() == null
                ? null
                : new Start(
                        event.serverPolicyId(),
                        event.startedDate().toInstant(),
                        event.account(),
                        event.server(),
                        event.accountPolicyId(),
                        event.restorePointId());
        if (!event.isCompletion()) {
            starts.record(start);
            return;
        }
        WebhookEvent webhook = webhookOf(event);
        BackupOutcome outcome = outcomeOf(event, webhook.eventId());
        dispatcher.dispatch(
                webhook,
                start == null ? List.of() : List.of(starts.recordWrite(start)),
                attempt -> outcomes.recordWrite(outcome.withAttempt(attempt)));
    }

    /** What the daily report shows of a completion, recorded whether or not it is subscribed. */
    static BackupOutcome outcomeOf(LifecycleEvent e, String eventId) {
        return new BackupOutcome(
                e.account(),
                eventId,
                e.status(),
                e.finishedDate().toInstant(),
                e.server(),
                e.serverPolicyId(),
                e.accountPolicyId(),
                e.accountPolicyName(),
                e.restorePointId(),
                null,
                null,
                null);
    }

    static WebhookEvent webhookOf(LifecycleEvent e) {
        Payloads.Completion completion = new Payloads.Completion(
                e.status(),
                e.account(),
                e.server(),
                e.serverPolicyId(),
                e.accountPolicyName(),
                e.accountPolicyId(),
                e.restorePointId(),
                e.finishedDate().toInstant());
        String id = WebhookEvent.idOf(
                e.type().name(),
                e.status().name(),
                e.account(),
                e.serverPolicyId(),
                e.restorePointId(),
                e.finishedDate().toInstant().toString());
        return new WebhookEvent(id, e.account(), e.status(), Payloads.completion(completion));
    }
}
