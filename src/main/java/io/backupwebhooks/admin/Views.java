package io.backupwebhooks.admin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.shared.store.AccountPolicy;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.store.Subscription;

/** The JSON shapes of the admin API (spec §4); secrets never appear in them. */
final class Views {

    private Views() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ObjectNode subscription(Subscription s) {
        ObjectNode o = object();
        o.put("eventType", s.eventType().name());
        o.put("url", s.url());
        o.put("enabled", s.enabled());
        o.put("signed", s.signed());
        o.put("createdAt", time(s.createdAt()));
        o.put("updatedAt", time(s.updatedAt()));
        return o;
    }

    static ObjectNode delivery(Delivery d) {
        ObjectNode o = object();
        o.put("id", d.id());
        o.put("eventId", d.eventId());
        o.put("eventType", d.eventType().name());
        o.put("url", d.url());
        o.put("attemptedAt", time(d.attemptedAt()));
        o.put("outcome", d.outcome().name());
        o.put("statusCode", d.statusCode());
        o.put("durationMs", d.durationMs());
        o.put("error", d.error());
        o.put("resendOf", d.resendOf());
        o.put("requestedBy", d.requestedBy());
        // what the page's Resend button needs: can the event be resent, and how did its latest resend end
        o.put("resendable", !d.test() && (d.body() != null || d.isResend()));
        if (d.latest() == null) {
            o.putNull("latestResend");
        } else {
            ObjectNode latest = o.putObject("latestResend");
            latest.put("id", d.latest().id());
            latest.put(
                    "outcome",
                    d.latest().outcome() == null ? null : d.latest().outcome().name());
            latest.put("attemptedAt", time(d.latest().at()));
        }
        return o;
    }

    /** The answer to a resend: a test send's ({@link #testSend}) and the new delivery's {@code id}, {@code resendOf}, {@code requestedBy}, {@code attemptedAt}. */
    static ObjectNode resend(Delivery d) {
        ObjectNode o = testSend(d);
        o.put("id", d.id());
        o.put("resendOf", d.resendOf());
        o.put("requestedBy", d.requestedBy());
        o.put("attemptedAt", time(d.attemptedAt()));
        return o;
    }

    /** The answer to a test send: {@code delivered, statusCode, durationMs, outcome, error, eventId}. */
    static ObjectNode testSend(Delivery d) {
        ObjectNode o = object();
        o.put("delivered", d.outcome() == Delivery.Outcome.DELIVERED);
        o.put("statusCode", d.statusCode());
        o.put("durationMs", d.durationMs());
        o.put("outcome", d.outcome().name());
        o.put("error", d.error());
        o.put("eventId", d.eventId());
        return o;
    }

    static ObjectNode policy(AccountPolicy p) {
        ObjectNode o = object();
        o.put("accountPolicyId", p.accountPolicyId());
        o.put("name", p.name());
        o.put("schedule", p.schedule());
        o.put("timezone", p.timezone());
        o.put("createdAt", time(p.createdAt()));
        o.put("updatedAt", time(p.updatedAt()));
        source(o, p.feed());
        return o;
    }

    /** Who owns the policy: "feed" (the backup service; {@code version} is its version) or "api" (no version). */
    private static void source(ObjectNode o, io.backupwebhooks.shared.store.FeedState feed) {
        o.put("source", feed == null ? "api" : "feed");
        if (feed == null) {
            o.putNull("version");
        } else {
            o.put("version", feed.version());
        }
    }

    /**
     * A server policy, with what the Webhooks page shows of its watch: {@code nextStart}, its next scheduled start
     * (null when it is not checked: disabled, or its account policy is not there), {@code lastStart}, the latest start
     * recorded (starts are kept 8 days), and {@code lastMissed}, the latest missed start reported.
     */
    static ObjectNode server(ServerPolicy p, Instant lastStart) {
        ObjectNode o = server(p);
        Instant next = p.enabled() && p.schedule() != null
                ? io.backupwebhooks.shared.schedule.Schedule.of(p.schedule(), p.timezone())
                        .nextAfter(Instant.now())
                        .orElse(null)
                : null;
        o.put("nextStart", time(next));
        o.put("lastStart", time(lastStart));
        o.put("lastMissed", time(p.lastMissedAt()));
        return o;
    }

    static ObjectNode server(ServerPolicy p) {
        ObjectNode o = object();
        o.put("serverPolicyId", p.serverPolicyId());
        o.put("accountPolicyId", p.accountPolicyId());
        o.put("server", p.server());
        o.put("storageRegion", p.storageRegion());
        o.put("enabled", p.enabled());
        o.put("nextCheckAt", p.nextCheckAt() == null ? null : time(p.nextCheckAt()));
        o.put("createdAt", time(p.createdAt()));
        o.put("updatedAt", time(p.updatedAt()));
        source(o, p.feed());
        return o;
    }

    /** Now, to the millisecond: what the tables keep, so that a write's answer equals a later read. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
