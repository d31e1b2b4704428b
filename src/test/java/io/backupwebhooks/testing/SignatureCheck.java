package io.backupwebhooks.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Verifies a Standard Webhooks signature the way a listener would, independently of the service's code. */
public final class SignatureCheck {

    private SignatureCheck() {}

    /** True when the request a listener received carries a valid signature under {@code secret}. */
    public static boolean verifies(String secret, Listener.Received request) {
        return verifies(
                secret,
                request.header("webhook-id"),
                request.header("webhook-timestamp"),
                request.body(),
                request.header("webhook-signature"));
    }

    /** True when one of the space-separated signatures in {@code header} is the v1 signature under {@code secret}. */
    public static boolean verifies(String secret, String id, String timestamp, String body, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String expected = "v1,"
                    + Base64.getEncoder()
                            .encodeToString(
                                    mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
            for (String candidate : header.split(" ")) {
                if (java.security.MessageDigest.isEqual(
                        candidate.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
