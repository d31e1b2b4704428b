package io.backupwebhooks.shared.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything an operator can set, under the {@code backup-webhooks.} prefix (see application.properties). */
@ConfigMapping(prefix = "backup-webhooks")
public interface ServiceConfig {

    Tables tables();

    Delivery delivery();

    Scan scan();

    Admin admin();

    Report report();

    Feed feed();

    /** The policy feed (spec §5), consumed by the delivery function from the policy queue. */
    interface Feed {
        /**
         * How long a tombstone (a deleted policy) is kept, so that a late, lower version cannot bring the policy back:
         * longer than the policy queue's retention plus its dead-letter queue's (TimingInvariantsTest).
         */
        @WithDefault("30d")
        Duration tombstoneRetention();

        /**
         * A record stops starting writes after this long (a full resynchronisation's sweep, an account policy's change
         * reaching thousands of server policies) and fails, to continue when the queue brings it back: well within the
         * delivery function's timeout (TimingInvariantsTest).
         */
        @WithDefault("10s")
        Duration budget();

        /** Writes of one record made at the same time. */
        @WithDefault("8")
        int concurrency();
    }

    interface Report {
        /** The From address of the report's emails (on the SES identity the template grants). */
        String from();

        /** An SES configuration set for the report's emails, if any. */
        java.util.Optional<String> configurationSet();

        /** Where the links in the emails point (the API's public URL); unset: the URL the admin API was called at. */
        java.util.Optional<String> publicBaseUrl();

        /** Local and tests only: the SES API's endpoint (aws-ses-v2-local behind the IAM gate). */
        java.util.Optional<String> sesEndpoint();

        /** Report emails sent per second at most (SES's sending rate: 14 for a new account out of the sandbox). */
        @WithDefault("14")
        double sendsPerSecond();

        /** A run claims no more accounts after this long (the function's timeout is 300 s); the rest stay due. */
        @WithDefault("240s")
        Duration budget();

        /** When a day's report was not accepted for every address, a run tries again after this long. */
        @WithDefault("10m")
        Duration retryAfter();

        /** A day's report is given up (logged, counted) this long after it was first claimed. */
        @WithDefault("12h")
        Duration giveUpAfter();
    }

    Queues queues();

    interface Admin {
        /** The JWT claim (verified by API Gateway's authorizer) that names the caller's account. */
        @WithDefault("account")
        String accountClaim();

        /** The identity provider's authorization endpoint, where the Webhooks page starts a sign-in; none: paste only. */
        java.util.Optional<String> signInUrl();

        /** The OAuth client id of the Webhooks page at the identity provider. */
        java.util.Optional<String> signInClientId();

        /** The scope the page asks for, and API Gateway requires (template parameter AdminScope). */
        @WithDefault("webhooks/admin")
        String scope();

        /** Test sends an account may make per clock minute (POST /webhooks/{type}/test), across all instances. */
        @WithDefault("10")
        int testSendsPerMinute();

        /** Resends an account may ask for per clock hour (both resend routes together), across all instances. */
        @WithDefault("2000")
        int resendsPerHour();

        /** At most this many server policies per account (a new one beyond it is refused with 409). */
        @WithDefault("10000")
        int serverPoliciesPerAccount();
    }

    /** The SQS queues: where records may come from (delivery), where missed starts go (scan). */
    interface Queues {
        /** ARN of the lifecycle-events queue: lifecycle events are accepted from this source only. */
        Optional<String> eventsArn();

        /** ARN of the missing-alerts queue: alert messages are accepted from this source only. */
        Optional<String> missingAlertsArn();

        /** ARN of the policy queue: policy feed messages (spec §5) are accepted from this source only. */
        Optional<String> policiesArn();

        /** ARN of the resend queue: resends of a recovery (spec 6) are accepted from this source only. */
        Optional<String> resendsArn();

        /** URL of the resend queue, where the admin function puts a recovery's resends. */
        Optional<String> resendsUrl();

        /** URL of the missing-alerts queue, where the scan sends what it found missed. */
        Optional<String> missingAlertsUrl();

        /** Local runs and tests only: the SQS API's endpoint (in AWS, the region's endpoint is used). */
        Optional<URI> endpointOverride();
    }

    interface Tables {
        String subscriptions();

        String deliveries();

        String starts();

        String policies();

        String serverPolicies();

        String outcomes();

        String reportSettings();

        String emailTokens();
    }

    interface Delivery {
        /** Time allowed to open the TCP (and TLS) connection to a listener. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Time allowed for the whole request, from connect to the response status. */
        @WithDefault("10s")
        Duration requestTimeout();

        /** How long a claim protects an attempt in flight; must exceed connect + request timeouts. */
        @WithDefault("60s")
        Duration claimLease();

        /** How long delivery records are kept. */
        @WithDefault("30d")
        Duration retention();

        /** Test-only: also allow loopback listeners (127.0.0.0/8, ::1). Never set in production. */
        @WithDefault("false")
        boolean allowLoopbackTargets();
    }

    interface Scan {
        /** How long after a scheduled start its check waits beyond the hour, for start events still in the queue. */
        @WithDefault("2m")
        Duration grace();

        /** How far back a scan after a gap looks for missed starts. */
        @WithDefault("24h")
        Duration lookBack();

        /** A scan takes no new work after this long; the next scan continues from the index. */
        @WithDefault("240s")
        Duration budget();

        /** Server policies checked (and SQS batches sent) at the same time. */
        @WithDefault("16")
        int concurrency();

        /**
         * At most this many missed starts of one account are enqueued by one scan (but always its first due server
         * policy's); the account's other due policies stay due for the next scan.
         */
        @WithDefault("1000")
        int alertsPerAccount();

        /** A scan stops reading due policies once it found this many missed starts; the rest wait for the next. */
        @WithDefault("50000")
        int alertsPerScan();
    }
}
