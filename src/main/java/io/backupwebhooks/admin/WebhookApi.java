package io.backupwebhooks.admin;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.admin.http.ApiException;
import io.backupwebhooks.admin.http.ApiRequest;
import io.backupwebhooks.admin.http.ApiResponse;
import io.backupwebhooks.admin.http.JsonBody;
import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.store.DeliveryStore;
import io.backupwebhooks.shared.store.Subscription;
import io.backupwebhooks.shared.store.SubscriptionStore;
import io.backupwebhooks.shared.webhook.Signatures;
import io.backupwebhooks.shared.webhook.WebhookDispatcher;
import io.backupwebhooks.shared.webhook.WebhookEvent;

/** The {@code /webhooks} routes: an account's subscriptions, their signing secrets, test sends and deliveries. */
@ApplicationScoped
public class WebhookApi {

    /** How long the previous secret stays valid after a rotation. */
    static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final WebhookDispatcher dispatcher;
    private final UrlRule urlRule;
    private final TestSendLimit testSendLimit;

    WebhookApi(
            SubscriptionStore subscriptions,
            DeliveryStore deliveries,
            WebhookDispatcher dispatcher,
            UrlRule urlRule,
            TestSendLimit testSendLimit) {
        this.testSendLimit = testSendLimit;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.urlRule = urlRule;
    }

    ApiResponse list(ApiRequest request) {
        ObjectNode body = Views.object();
        ArrayNode list = body.putArray("webhooks");
        subscriptions.list(request.account()).stream()
                .sorted(Comparator.comparing(Subscription::eventType))
                .forEach(s -> list.add(Views.subscription(s)));
        return ApiResponse.json(200, body);
    }

    ApiResponse get(ApiRequest request) {
        return ApiResponse.json(200, Views.subscription(existing(request)));
    }

    ApiResponse put(ApiRequest request) {
        EventType type = eventType(request);
        JsonBody body = JsonBody.of(request, Set.of("url", "enabled"));
        String url = urlRule.check(body.requiredText("url", JsonBody.MAX_BYTES));
        boolean enabled = body.optionalBoolean("enabled", true);
        Instant now = Views.now();
        Subscription created = new Subscription(request.account(), type, url, enabled, null, null, null, now, now);
        Optional<Subscription> before = subscriptions.find(request.account(), type);
        if (before.isEmpty() && subscriptions.create(created)) {
            return ApiResponse.json(201, Views.subscription(created));
        }
        // only the target changes: a secret rotated at the same moment is kept
        Subscription updated = subscriptions
                .updateTarget(request.account(), type, url, enabled, now)
                .orElseThrow(() -> ApiException.conflict("the subscription was removed while it was being changed"));
        ObjectNode answer = Views.subscription(updated);
        if (updated.signed() && before.isPresent() && !sameHost(before.get().url(), url)) {
            answer.putArray("warnings")
                    .add("the URL now points at another host, and the signing secret of the old "
                            + "one still signs what is sent there; if the new host should not hold it, create a new secret "
                            + "with POST /webhooks/" + type.name() + "/secret?previous=revoke");
        }
        return ApiResponse.json(200, answer);
    }

    private static boolean sameHost(String a, String b) {
        try {
            String hostA = URI.create(a).getHost();
            String hostB = URI.create(b).getHost();
            return hostA != null && hostA.equalsIgnoreCase(hostB);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    ApiResponse delete(ApiRequest request) {
        if (!subscriptions.delete(request.account(), eventType(request))) {
            throw notSubscribed(eventType(request));
        }
        return ApiResponse.noContent();
    }

    ApiResponse rotateSecret(ApiRequest request) {
        String previous = request.query().getOrDefault("previous", "keep");
        if (!previous.equals("keep") && !previous.equals("revoke")) {
            throw ApiException.badRequest("query parameter 'previous' must be 'keep' (the old secret signs for 24 h "
                    + "more) or 'revoke' (it stops signing now)");
        }
        Subscription old = existing(request);
        Instant now = Views.now();
        String secret = Signatures.newSecret();
        if (!subscriptions.rotateSecret(
                old.account(),
                old.eventType(),
                old.secret(),
                secret,
                previous.equals("revoke") ? null : now.plus(ROTATION_OVERLAP),
                now)) {
            throw ApiException.conflict(
                    "the secret was rotated or the subscription removed at the same time; send the request again");
        }
        ObjectNode body = Views.object();
        body.put("secret", secret);
        return ApiResponse.json(200, body).withHeader("Cache-Control", "no-store");
    }

    ApiResponse test(ApiRequest request) {
        Subscription subscription = existing(request);
        testSendLimit.take(request.account(), Views.now());
        WebhookEvent event = new WebhookEvent(
                WebhookEvent.idOf("TEST", request.account(), UUID.randomUUID().toString()),
                request.account(),
                subscription.eventType(),
                SamplePayloads.of(subscription.eventType()),
                true);
        Delivery attempt = dispatcher
                .attempt(subscription, event, List.of())
                .orElseThrow(() -> new IllegalStateException("a fresh test event was already claimed"));
        return ApiResponse.json(200, Views.testSend(attempt));
    }

    ApiResponse deliveries(ApiRequest request) {
        EventType type = eventType(request);
        int limit = request.limit(20, 100);
        DeliveryStore.Page page;
        try {
            page = deliveries.list(
                    request.account(), type, limit, request.query().get("cursor"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("query parameter 'cursor': " + e.getMessage());
        }
        ObjectNode body = Views.object();
        ArrayNode list = body.putArray("deliveries");
        page.deliveries().forEach(d -> list.add(Views.delivery(d)));
        body.put("next", page.next());
        return ApiResponse.json(200, body);
    }

    private Subscription existing(ApiRequest request) {
        EventType type = eventType(request);
        return subscriptions.find(request.account(), type).orElseThrow(() -> notSubscribed(type));
    }

    private static ApiException notSubscribed(EventType type) {
        return ApiException.notFound("there is no subscription for " + type.name());
    }

    static EventType eventType(ApiRequest request) {
        String id = request.pathParam("eventType");
        return EventType.byId(id)
                .orElseThrow(() -> ApiException.badRequest("path parameter 'eventType' must be one of "
                        + Arrays.toString(EventType.values()) + ", not '" + id + "'"));
    }
}
