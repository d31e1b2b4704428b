package io.backupwebhooks.shared.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An email address as the service keeps it where the address itself is not needed (what SES accepted, audit lines,
 * limits across accounts): 24 hex digits of the SHA-256 of the address in lower case. Stable, and not the address.
 */
public final class AddressHash {

    private AddressHash() {}

    public static String of(String address) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(address.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
