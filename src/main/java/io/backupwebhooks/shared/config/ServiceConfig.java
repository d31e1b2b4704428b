package io.backupwebhooks.shared.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything an operator can set, under the {@code backup-webhooks.} prefix (see application.properties). */
@ConfigMapping(prefix = "backup-webhooks")
public interface ServiceConfig {

    Tables tables();

    Delivery delivery();

    interface Tables {
        String subscriptions();

        String deliveries();

        String starts();
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
}
