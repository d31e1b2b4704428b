package io.backupwebhooks.shared.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.backupwebhooks.shared.EventType;

/**
 * An account's target for one event type. {@code previousSecret} stays valid until {@code previousSecretExpiresAt}
 * so that listeners can switch keys during a rotation.
 */
public record Subscription(
        String account,
        EventType eventType,
        String url,
        boolean enabled,
        String secret,
        String previousSecret,
        Instant previousSecretExpiresAt,
        Instant createdAt,
        Instant updatedAt) {

    /** The secrets to sign with now, newest first; empty when the subscription is not signed. */
    public List<String> signingSecrets(Instant now) {
        List<String> secrets = new ArrayList<>(2);
        if (secret != null) {
            secrets.add(secret);
        }
        if (previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    public boolean signed() {
        return secret != null;
    }
}
