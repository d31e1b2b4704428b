package io.backupwebhooks.shared.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.backupwebhooks.shared.observability.LogContext;
import io.backupwebhooks.shared.observability.Metrics;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.store.DeliveryStore;
import io.backupwebhooks.shared.store.StoreWrite;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.WebhookSender.Reachable;
import io.backupwebhooks.shared.webhook.WebhookSender.Result;
import io.backupwebhooks.shared.webhook.WebhookSender.Unreachable;

/**
 * Sends an event to its account's subscription with exactly one attempt, and records it.
 * <p>
 * The protocol, in DynamoDB requests: (1) read the subscription; resolve and check the target; (2) claim the event
 * (a conditional put, immediately before connecting); POST; (3) one batch write of the delivery record and of any
 * writes the caller hands over (a recorded start). A redelivered event finds the claim and sends nothing. A failure
 * before the claim loses nothing: the record fails and the queue brings it back.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    /**
     * A payload longer than this is not kept for resends (the spec's are ~600 bytes): keeping it must never take the
     * claim's item near DynamoDB's 400 KB, which would stop the one automatic attempt.
     */
    static final int KEPT_BODY_CHARS = 32 * 1024;

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final WebhookSender sender;
    private final String userAgent;

    WebhookDispatcher(
            SubscriptionStore subscriptions,
            DeliveryStore deliveries,
            WebhookSender sender,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.sender = sender;
        this.userAgent = "BackupWebhooks/" + version;
    }

    /**
     * Delivers the event if its account has an enabled subscription for its type. {@code alongside} are writes
     * (prepared by their stores) to make once the event is done, whether or not anything was sent. Returns the attempt made by this call.
     */
    public Optional<Delivery> dispatch(WebhookEvent event, List<StoreWrite> alongside) {
        return dispatch(event, alongside, null);
    }

    /**
     * As {@link #dispatch(WebhookEvent, List)}, and also records the event's outcome in the same batch:
     * {@code outcome} turns the webhook attempt made for the event (null: none, as without a subscription) into its
     * write. A subscribed event stays at three DynamoDB requests, an unsubscribed one at two.
     */
    public Optional<Delivery> dispatch(
            WebhookEvent event, List<StoreWrite> alongside, Function<Delivery, StoreWrite> outcome) {
        Optional<Subscription> subscription =
                subscriptions.find(event.account(), event.eventType()).filter(Subscription::enabled);
        if (subscription.isEmpty()) {
            deliveries.writeAlongside(with(alongside, outcome, null));
            return Optional.empty();
        }
        return attempt(subscription.get(), event, alongside, outcome);
    }

    private static List<StoreWrite> with(
            List<StoreWrite> alongside, Function<Delivery, StoreWrite> outcome, Delivery attempt) {
        if (outcome == null) {
            return alongside;
        }
        List<StoreWrite> writes = new ArrayList<>(alongside);
        writes.add(outcome.apply(attempt));
        return writes;
    }

    /** The attempt recorded for an event made before this call (a redelivery): the outcome keeps it. */
    private List<StoreWrite> withEarlier(
            List<StoreWrite> alongside, Function<Delivery, StoreWrite> outcome, String eventId) {
        return outcome == null
                ? alongside
                : with(alongside, outcome, deliveries.find(eventId).orElse(null));
    }

    /** The one attempt for {@code event} to {@code subscription} (enabled or not), unless it was made already. */
    public Optional<Delivery> attempt(Subscription subscription, WebhookEvent event, List<StoreWrite> alongside) {
        return attempt(subscription, event, alongside, null);
    }

    private Optional<Delivery> attempt(
            Subscription subscription,
            WebhookEvent event,
            List<StoreWrite> alongside,
            Function<Delivery, StoreWrite> outcome) {
        try (LogContext.Scope logged = LogContext.event(
                event.eventId(), event.account(), event.eventType().name())) {
            return attemptLogged(subscription, event, alongside, outcome);
        }
    }

    private Optional<Delivery> attemptLogged(
            Subscription subscription,
            WebhookEvent event,
            List<StoreWrite> given,
            Function<Delivery, StoreWrite> outcome) {
        List<StoreWrite> alongside = given;
        WebhookSender.Target target = sender.prepare(subscription.url());
        Instant now = Instant.now();
        // the record keeps the payload for resends (spec 6); a test send's sample is not resent
        Delivery claim = new Delivery(
                DeliveryStore.deliveryIdOf(event.eventId()),
                event.eventId(),
                event.account(),
                event.eventType(),
                subscription.url(),
                now,
                null,
                null,
                0,
                null,
                event.test() || event.body().length() > KEPT_BODY_CHARS ? null : event.body(),
                event.test(),
                null,
                null,
                null);
        String owner = UUID.randomUUID().toString();
        switch (deliveries.claim(claim, owner)) {
            case DONE -> {
                deliveries.writeAlongside(withEarlier(alongside, outcome, event.eventId()));
                return Optional.empty();
            }
            case IN_FLIGHT ->
                throw new RetryLaterException("event " + event.eventId() + " is being sent by another worker");
            case ABANDONED -> {
                deliveries.recordAbandoned(event.eventId());
                Metrics.attempt(
                        event.eventType().name(),
                        Metrics.UNKNOWN,
                        null,
                        null,
                        event.eventType() + " "
                                + event.eventId()
                                + ": an earlier attempt's worker died after its claim; recorded as failed, "
                                + "outcome unknown, not sent again");
                deliveries.writeAlongside(withEarlier(alongside, outcome, event.eventId()));
                return Optional.empty();
            }
            case CLAIMED -> {
                // ours: go on
            }
        }
        Result result = send(subscription, event, target, now, "");
        Delivery record = claim.withResult(result.outcome(), result.statusCode(), result.durationMs(), result.error());
        alongside = with(alongside, outcome, record);
        try {
            deliveries.recordWith(record, alongside);
        } catch (RuntimeException batchFailed) {
            // keep the outcome: record it on its own, then let the queue bring the event back for the rest
            deliveries.record(record, owner);
            if (alongside.isEmpty()) {
                return Optional.of(record);
            }
            throw new RetryLaterException("event " + event.eventId() + " was sent and recorded; its other writes "
                    + "failed and are retried: " + batchFailed.getMessage());
        }
        return Optional.of(record);
    }

    /**
     * One POST of {@code event} to {@code subscription} at {@code now} (or the address rule's refusal), logged and
     * counted; never throws: an unexpected failure is a failed attempt. {@code what} qualifies it in the log.
     */
    private Result send(
            Subscription subscription, WebhookEvent event, WebhookSender.Target target, Instant now, String what) {
        Result result;
        try {
            result = target instanceof Reachable reachable
                    ? sender.post(reachable, headers(subscription, event, now), event.body())
                    : refused((Unreachable) target);
        } catch (RuntimeException unexpected) {
            // the claim is ours: whatever went wrong, it becomes a recorded failed attempt, never a stray claim
            LOG.errorf(unexpected, "%s %s: the attempt failed unexpectedly", event.eventType(), event.eventId());
            result = new Result(
                    Delivery.Outcome.FAILED,
                    null,
                    0,
                    "the attempt failed: " + unexpected.getClass().getSimpleName());
        }
        Metrics.attempt(
                event.eventType().name(),
                result.outcome().name(),
                result.statusCode(),
                target instanceof Reachable ? result.durationMs() : null,
                String.format(
                        "%s %s%s for %s to %s: %s%s (%d ms)%s",
                        event.eventType(),
                        event.eventId(),
                        what,
                        event.account(),
                        hostOf(subscription.url()),
                        result.outcome(),
                        result.statusCode() == null ? "" : " " + result.statusCode(),
                        result.durationMs(),
                        result.error() == null ? "" : " - " + result.error()));
        return result;
    }

    /** What a resend did: the attempt made, or why none was. */
    public record Resent(Delivery attempt, DeliveryStore.ResendClaim claim) {}

    /**
     * A resend (spec 6) of {@code original}'s event to {@code subscription} as it is now (its URL, the address rule,
     * its secrets), asked for by {@code requestedBy} when the event's latest attempt was {@code expectedLatest}: the
     * same {@code webhook-id}, a new timestamp and signature. Claim (one conditional UpdateItem on the original), POST,
     * the resend's record (PutItem) and its outcome on the original (a conditional UpdateItem). No attempt when the
     * claim finds another resend in flight, a later attempt than expected, or (unless {@code force}) a delivered one.
     */
    public Resent resend(
            Delivery original, Subscription subscription, String expectedLatest, String requestedBy, boolean force) {
        WebhookEvent event =
                new WebhookEvent(original.eventId(), original.account(), original.eventType(), original.body());
        try (LogContext.Scope logged = LogContext.event(
                event.eventId(), event.account(), event.eventType().name())) {
            WebhookSender.Target target = sender.prepare(subscription.url());
            Instant now = Instant.now();
            String id = DeliveryStore.newResendId(original.eventId());
            DeliveryStore.ResendClaim claim = deliveries.claimResend(original, expectedLatest, id, now, force);
            if (claim != DeliveryStore.ResendClaim.CLAIMED) {
                LOG.infof("resend of %s not made: %s", original.id(), claim);
                return new Resent(null, claim);
            }
            Result result = send(subscription, event, target, now, " (resend " + id + " of " + original.id() + ")");
            Delivery resend = new Delivery(
                    id,
                    original.eventId(),
                    original.account(),
                    original.eventType(),
                    subscription.url(),
                    now,
                    result.outcome(),
                    result.statusCode(),
                    result.durationMs(),
                    result.error(),
                    null,
                    false,
                    original.id(),
                    requestedBy,
                    null);
            deliveries.recordResend(resend);
            return new Resent(resend, claim);
        }
    }

    /** Only the host goes to the log: some webhook URLs carry a credential in their path or query. */
    private static String hostOf(String url) {
        try {
            String host = java.net.URI.create(url).getHost();
            return host == null ? "(invalid URL)" : host;
        } catch (IllegalArgumentException e) {
            return "(invalid URL)";
        }
    }

    private static Result refused(Unreachable target) {
        return new Result(target.outcome(), null, 0, target.reason());
    }

    private Map<String, String> headers(Subscription subscription, WebhookEvent event, Instant now) {
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", userAgent);
        headers.put("webhook-id", event.eventId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        List<String> secrets = subscription.signingSecrets(now);
        if (!secrets.isEmpty()) {
            headers.put("webhook-signature", Signatures.header(secrets, event.eventId(), timestamp, event.body()));
        }
        return headers;
    }
}
