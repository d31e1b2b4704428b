package io.backupwebhooks.shared.store;

import static io.backupwebhooks.shared.store.Items.n;
import static io.backupwebhooks.shared.store.Items.s;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.config.ServiceConfig;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The email-tokens table: the single-use tokens of the report's emails, by the SHA-256 of the token (key
 * {@code tokenHash}; the token itself is only in the link). A token names its purpose (confirm an address,
 * unsubscribe an address), the account and the address. Using one deletes it, so it works once. {@code expiresAt}
 * (epoch seconds, TTL attribute; also checked on use) ends a confirmation token after 7 days.
 */
@ApplicationScoped
public class EmailTokenStore {

    public enum Purpose {
        CONFIRM,
        UNSUBSCRIBE,
        /** An unsubscribe link already used: kept a while so that a repeated one-click POST is answered 200. */
        UNSUBSCRIBED,
        /** Not a token: an address (by its hash) that asked never to be emailed again. */
        SUPPRESSED
    }

    /** What a token stands for. */
    /** What a token stands for; {@code issuedAt} (to the millisecond) is null for a token stored before it was kept. */
    public record Token(Purpose purpose, String account, String address, Instant expiresAt, Instant issuedAt) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamo;
    private final String table;

    EmailTokenStore(DynamoDbClient dynamo, ServiceConfig config) {
        this.dynamo = dynamo;
        this.table = config.tables().emailTokens();
    }

    /** A new random token (256 bits, URL-safe). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stores {@code token} (by its hash) for {@code purpose}; {@code expiresAt} null: until used or removed. */
    public void put(String token, Purpose purpose, String account, String address, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("tokenHash", s(hash(token)));
        item.put("purpose", s(purpose.name()));
        item.put("account", s(account));
        item.put("address", s(address));
        item.put("issuedAt", n(Instant.now().toEpochMilli()));
        if (expiresAt != null) {
            item.put("expiresAt", n(expiresAt.getEpochSecond()));
        }
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /**
     * What {@code token} stands for, without using it (a consistent read): so that a link is used up only once its
     * change was saved.
     */
    public Optional<Token> peek(String token, Purpose purpose, Instant now) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        return Items.get(dynamo, table, Map.of("tokenHash", s(hash(token))))
                .filter(item -> purpose.name().equals(s(item, "purpose")))
                .map(item -> toToken(purpose, item))
                .filter(t -> t.expiresAt() == null || now.isBefore(t.expiresAt()));
    }

    private static Token toToken(Purpose purpose, Map<String, AttributeValue> item) {
        Long expires = n(item, "expiresAt");
        Long issued = n(item, "issuedAt");
        return new Token(
                purpose,
                s(item, "account"),
                s(item, "address"),
                expires == null ? null : Instant.ofEpochSecond(expires),
                issued == null ? null : Instant.ofEpochMilli(issued));
    }

    /** Uses {@code token}: deletes it and answers what it stood for, if it existed, had this purpose and was valid. */
    public Optional<Token> take(String token, Purpose purpose, Instant now) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> old = Items.conditionalUpdate(() -> dynamo.deleteItem(b -> b.tableName(table)
                                .key(Map.of("tokenHash", s(hash(token))))
                                .conditionExpression("purpose = :p")
                                .expressionAttributeValues(Map.of(":p", s(purpose.name())))
                                .returnValues(ReturnValue.ALL_OLD))
                        .attributes())
                .orElse(null);
        if (old == null || old.isEmpty()) {
            return Optional.empty();
        }
        Long expires = n(old, "expiresAt");
        Instant expiresAt = expires == null ? null : Instant.ofEpochSecond(expires);
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            return Optional.empty();
        }
        Long issued = n(old, "issuedAt");
        return Optional.of(new Token(
                purpose,
                s(old, "account"),
                s(old, "address"),
                expiresAt,
                issued == null ? null : Instant.ofEpochMilli(issued)));
    }

    /**
     * Suppresses the address with {@code addressHash} for good: no account can add it, no report goes to it (its item,
     * {@code suppressed#<hash>}, has no TTL and no address).
     */
    public void suppress(String addressHash, String why) {
        dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(
                        "tokenHash", s(SUPPRESSED + addressHash),
                        "purpose", s(Purpose.SUPPRESSED.name()),
                        "why", s(why),
                        "issuedAt", n(Instant.now().toEpochMilli()))));
    }

    public boolean suppressed(String addressHash) {
        return Items.get(dynamo, table, Map.of("tokenHash", s(SUPPRESSED + addressHash)))
                .isPresent();
    }

    /** Which of these address hashes are suppressed (one BatchGetItem for up to 100). */
    public java.util.Set<String> suppressedAmong(java.util.Collection<String> addressHashes) {
        if (addressHashes.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.Set<String> found = new java.util.HashSet<>();
        Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> request = new HashMap<>(Map.of(
                table,
                software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .keys(addressHashes.stream()
                                .distinct()
                                .map(h -> Map.of("tokenHash", s(SUPPRESSED + h)))
                                .toList())
                        .projectionExpression("tokenHash")
                        .build()));
        for (int round = 0; !request.isEmpty() && round < 8; round++) {
            var response = dynamo.batchGetItem(b -> b.requestItems(request));
            response.responses()
                    .getOrDefault(table, java.util.List.of())
                    .forEach(item -> found.add(s(item, "tokenHash").substring(SUPPRESSED.length())));
            request.clear();
            request.putAll(response.unprocessedKeys());
        }
        return found;
    }

    private static final String SUPPRESSED = "suppressed#";

    /** Removes {@code token} (an address that left the list takes its unsubscribe link with it). */
    public void remove(String token) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("tokenHash", s(hash(token)))));
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
