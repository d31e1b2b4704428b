package io.backupwebhooks.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.admin.http.ApiException;
import io.backupwebhooks.admin.http.ApiRequest;
import io.backupwebhooks.admin.http.ApiResponse;
import io.backupwebhooks.admin.http.JsonBody;
import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.queue.QueueSender;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.store.DeliveryStore;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.ResendRequest;
import io.backupwebhooks.shared.webhook.WebhookDispatcher;

/**
 * Resends (spec 6): an admin brings back to a listener what it missed. One delivery is resent at once, here; a period
 * is recovered in the background: one message per event on the resend queue, which only this function may send to
 * and the delivery function sends from. Automatic delivery stays one attempt per event; only these routes make more.
 */
@ApplicationScoped
public class ResendApi {

    /**
     * At most this many resends queued by one recovery request (fewer when the hour's limit has fewer left); its
     * answer's {@code next} goes on.
     */
    static final int MAX_PER_REQUEST = 1000;
    /** At most this many deliveries read by one recovery request (the admin function has 15 s). */
    static final int MAX_READ = 10_000;

    private final DeliveryStore deliveries;
    private final SubscriptionStore subscriptions;
    private final WebhookDispatcher dispatcher;
    private final TestSendLimit limits;
    private final QueueSender queue;
    private final ServiceConfig config;

    ResendApi(
            DeliveryStore deliveries,
            SubscriptionStore subscriptions,
            WebhookDispatcher dispatcher,
            TestSendLimit limits,
            QueueSender queue,
            ServiceConfig config) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.dispatcher = dispatcher;
        this.limits = limits;
        this.queue = queue;
        this.config = config;
    }

    /** {@code POST /webhooks/{eventType}/deliveries/{deliveryId}/resend[?force=true]}: one new attempt, now. */
    ApiResponse one(ApiRequest request) {
        EventType type = WebhookApi.eventType(request);
        boolean force = force(request);
        String id = request.pathParam("deliveryId");
        Delivery given = deliveries
                .findById(id)
                .filter(d -> d.account().equals(request.account()) && d.eventType() == type)
                .orElseThrow(() -> ApiException.notFound(
                        "there is no delivery '" + id + "' of " + type.name() + " (deliveries are kept 30 days)"));
        Delivery original = given.isResend()
                ? deliveries
                        .findById(given.resendOf())
                        .orElseThrow(() -> ApiException.notFound("the event of delivery '" + id + "' is no longer "
                                + "kept (its first attempt " + given.resendOf() + " is over 30 days old)"))
                : given;
        requireResendable(original);
        if (original.latestOutcome() == Delivery.Outcome.DELIVERED && !force) {
            throw ApiException.conflict("force: the event of delivery '" + id + "' was delivered (delivery "
                    + original.latestId() + "); a delivered event is resent only with ?force=true");
        }
        Subscription subscription = enabledSubscription(request, type);
        limits.takeResends(request.account(), 1, Views.now());
        WebhookDispatcher.Resent resent =
                dispatcher.resend(original, subscription, original.latestId(), requestedBy(request), force);
        if (resent.claim() == DeliveryStore.ResendClaim.IN_FLIGHT) {
            // a resend without an outcome whose claim has not run out: it may still be sending (a minute at most)
            throw ApiException.conflict("a resend of this event (" + original.latestId() + ") began at "
                    + (original.latest() == null
                            ? "this moment"
                            : original.latest().at())
                    + " and has no outcome yet; try again in a minute");
        }
        if (resent.attempt() == null) {
            throw ApiException.conflict(
                    "this event was resent by another request at the same moment, or delivered by one; reload the "
                            + "deliveries to see it");
        }
        return ApiResponse.json(200, Views.resend(resent.attempt()));
    }

    /** {@code POST /webhooks/{eventType}/deliveries/resend} {@code {"since","until","cursor"}}: a period, queued. */
    ApiResponse recover(ApiRequest request) {
        EventType type = WebhookApi.eventType(request);
        JsonBody body = JsonBody.of(request, Set.of("since", "until", "cursor"));
        Instant now = Views.now();
        Instant since = instant(body.requiredText("since", 64), "since");
        String untilText = body.optionalText("until", 64);
        Instant until = untilText == null ? now : instant(untilText, "until");
        if (!since.isBefore(until)) {
            throw ApiException.badRequest("field 'until' must be after 'since' (" + since + ")");
        }
        String cursor = body.optionalText("cursor", 256);
        enabledSubscription(request, type);
        String url = config.queues()
                .resendsUrl()
                .orElseThrow(() -> new IllegalStateException("RESEND_QUEUE_URL is not set"));
        // at most what the hour has left (none left: the 429 says when the next hour begins)
        int left = limits.resendsLeft(request.account(), now);
        if (left == 0) {
            limits.takeResends(request.account(), 1, now);
        }
        DeliveryStore.Selection selection;
        try {
            selection = deliveries.resendable(
                    request.account(), type, since, until, cursor, Math.min(MAX_PER_REQUEST, left), MAX_READ);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field 'cursor': " + e.getMessage());
        }
        List<Delivery> events = selection.events();
        if (!events.isEmpty()) {
            limits.takeResends(request.account(), events.size(), now);
        }
        String by = requestedBy(request);
        int refused = 0;
        for (int i = 0; i < events.size(); i += QueueSender.BATCH) {
            List<QueueSender.Message> batch = new ArrayList<>();
            for (Delivery d : events.subList(i, Math.min(events.size(), i + QueueSender.BATCH))) {
                batch.add(new QueueSender.Message(
                        new ResendRequest(d.account(), d.eventType(), d.id(), d.latestId(), by).toMessage(),
                        d.account()));
            }
            for (boolean ok : queue.send(url, batch)) {
                refused += ok ? 0 : 1;
            }
        }
        if (refused > 0) {
            throw ApiException.unavailable("the resend queue refused " + refused + " of " + events.size()
                    + " resends; send the same request again: events resent since are skipped, none is sent twice");
        }
        ObjectNode answer = Views.object();
        answer.put("queued", events.size());
        answer.put("next", selection.next());
        answer.put("until", until.toString()); // to go on with the same window (it defaulted to now)
        answer.put("progress", "/webhooks/" + type.name() + "/deliveries");
        return ApiResponse.json(202, answer);
    }

    private static boolean force(ApiRequest request) {
        String force = request.query().getOrDefault("force", "false");
        if (!force.equals("true") && !force.equals("false")) {
            throw ApiException.badRequest("query parameter 'force' must be true or false, not '" + force + "'");
        }
        return force.equals("true");
    }

    private static void requireResendable(Delivery original) {
        if (original.test()) {
            throw ApiException.conflict("a test send is not resent: send a new one with POST /webhooks/"
                    + original.eventType().name() + "/test");
        }
        if (original.body() == null) {
            throw ApiException.conflict("delivery '" + original.id() + "' kept no payload (it was over 32 KB), so it "
                    + "cannot be resent");
        }
    }

    private Subscription enabledSubscription(ApiRequest request, EventType type) {
        Subscription subscription = subscriptions
                .find(request.account(), type)
                .orElseThrow(() -> ApiException.notFound("there is no subscription for " + type.name()
                        + ": a resend goes to the subscription's current URL"));
        if (!subscription.enabled()) {
            throw ApiException.conflict("the " + type.name() + " webhook is disabled: enable it to resend");
        }
        return subscription;
    }

    /** Who asked: the token's {@code sub}, else its account (a token without a subject). */
    private static String requestedBy(ApiRequest request) {
        return request.subject() != null ? request.subject() : "account " + request.account();
    }

    private static Instant instant(String text, String field) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("field '" + field
                    + "' must be an ISO-8601 instant such as 2026-12-04T10:00:00Z, not '" + text + "'");
        }
    }
}
