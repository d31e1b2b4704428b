import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A tiny webhook listener: prints every POST it receives and, when WEBHOOK_SECRET is set (whsec_...), whether its
 * Standard Webhooks signature verifies. Run it with `java samples/listener/Listener.java [port]` (default 9000).
 */
public class Listener {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        String secret = System.getenv("WEBHOOK_SECRET");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            System.out.printf("%n%s %s%n  webhook-id: %s%n  webhook-timestamp: %s%n  signature: %s%n  %s%n",
                    exchange.getRequestMethod(), exchange.getRequestURI(), h.getFirst("webhook-id"),
                    h.getFirst("webhook-timestamp"), verdict(secret, h.getFirst("webhook-id"),
                            h.getFirst("webhook-timestamp"), body, h.getFirst("webhook-signature")), body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        System.out.println("listening on http://127.0.0.1:" + port + "/ (any path)"
                + (secret == null ? "; set WEBHOOK_SECRET to verify signatures" : ""));
    }

    static String verdict(String secret, String id, String timestamp, String body, String header) {
        if (header == null) {
            return "none (the subscription has no signing secret)";
        }
        if (secret == null) {
            return "present, not checked (no WEBHOOK_SECRET)";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), "HmacSHA256"));
            byte[] expected = ("v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8))))
                    .getBytes(StandardCharsets.UTF_8);
            for (String candidate : header.split(" ")) {
                if (MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), expected)) {
                    return "VERIFIED";
                }
            }
            return "DOES NOT VERIFY";
        } catch (Exception e) {
            return "cannot check: " + e;
        }
    }
}
