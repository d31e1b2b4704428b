package io.backupwebhooks.shared.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.backupwebhooks.shared.EventType;

/**
 * One webhook to send: its body and its id. The id ({@code webhook-id}) is derived from the facts that make the
 * event what it is, so every redelivery of the same event has the same id and finds the same claim. A {@code test}
 * event (a test send of a sample payload) is recorded without its body: it is never resent.
 */
public record WebhookEvent(String eventId, String account, EventType eventType, String body, boolean test) {

    public WebhookEvent(String eventId, String account, EventType eventType, String body) {
        this(eventId, account, eventType, body, false);
    }

    /** A stable id: {@code evt_} and 32 hex digits of the SHA-256 of the parts. */
    public static String idOf(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return "evt_" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
