import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A tiny webhook listener: prints every POST it receives and, when WEBHOOK_SECRET is set (whsec_...), accepts only
 * requests whose Standard Webhooks signature verifies, whose webhook-timestamp is within 5 minutes of now, and whose
 * webhook-id it has not accepted before; anything else is answered 401, so a captured request cannot be replayed
 * to it. Run it with `java samples/listener/Listener.java [port]` (default 9000).
 */
public class Listener {
    /** How far webhook-timestamp may be from now, either way. */
    static final long TOLERANCE_SECONDS = 5 * 60;
    /** webhook-ids accepted, with their timestamps; an id is kept as long as its timestamp would still pass. */
    static final Map<String, Long> SEEN = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        String secret = System.getenv("WEBHOOK_SECRET");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            String verdict = verdict(secret, h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), body,
                    h.getFirst("webhook-signature"));
            System.out.printf("%n%s %s%n  webhook-id: %s%n  webhook-timestamp: %s%n  signature: %s%n  %s%n",
                    exchange.getRequestMethod(), exchange.getRequestURI(), h.getFirst("webhook-id"),
                    h.getFirst("webhook-timestamp"), verdict, body);
            // with a secret, only a verified, fresh, first-seen request is accepted
            boolean accepted = secret == null || verdict.equals("VERIFIED");
            exchange.sendResponseHeaders(accepted ? 204 : 401, -1);
            exchange.close();
        });
        server.start();
        System.out.println("listening on http://127.0.0.1:" + port + "/ (any path)"
                + (secret == null ? "; set WEBHOOK_SECRET to verify signatures" : ""));
    }

    static String verdict(String secret, String id, String timestamp, String body, String header) {
        if (header == null) {
            return secret == null ? "none (the subscription has no signing secret)" : "REFUSED: not signed";
        }
        if (secret == null) {
            return "present, not checked (no WEBHOOK_SECRET)";
        }
        if (id == null || timestamp == null) {
            return "REFUSED: webhook-id or webhook-timestamp missing";
        }
        long sent;
        long now = Instant.now().getEpochSecond();
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "REFUSED: webhook-timestamp is not a number";
        }
        if (Math.abs(now - sent) > TOLERANCE_SECONDS) {
            return "REFUSED: webhook-timestamp is more than 5 minutes from now (a replay, or a wrong clock)";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), "HmacSHA256"));
            byte[] expected = ("v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8))))
                    .getBytes(StandardCharsets.UTF_8);
            boolean verified = false;
            for (String candidate : header.split(" ")) {
                verified |= MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), expected);
            }
            if (!verified) {
                return "DOES NOT VERIFY";
            }
        } catch (Exception e) {
            return "cannot check: " + e;
        }
        // an id is remembered while its timestamp is fresh; after that the timestamp check refuses it anyway
        SEEN.values().removeIf(at -> Math.abs(now - at) > TOLERANCE_SECONDS);
        if (SEEN.putIfAbsent(id, sent) != null) {
            return "REFUSED: webhook-id " + id + " was received before (a replay)";
        }
        return "VERIFIED";
    }
}
