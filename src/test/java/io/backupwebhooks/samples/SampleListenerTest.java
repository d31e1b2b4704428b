package io.backupwebhooks.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.backupwebhooks.shared.webhook.Signatures;
import io.backupwebhooks.testing.Project;

/**
 * samples/listener/Listener.java, the listener customers copy, run as they run it ({@code java Listener.java port}
 * with WEBHOOK_SECRET): it must accept a fresh signed request once, and refuse a replay, a stale timestamp and a
 * wrong signature.
 */
class SampleListenerTest {

    private static final String SECRET = Signatures.newSecret();
    private static Process listener;
    private static int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        Project.path("samples", "listener", "Listener.java").toString(),
                        Integer.toString(port))
                .redirectErrorStream(true);
        builder.environment().put("WEBHOOK_SECRET", SECRET);
        listener = builder.start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("listening on")) {
                break;
            }
        }
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> {}));
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        listener.destroy();
        listener.waitFor(5, TimeUnit.SECONDS);
    }

    @Test
    void givenSignedRequest_whenSentTwice_thenAcceptedOnceAndTheReplayRefused() throws Exception {
        String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
        long now = Instant.now().getEpochSecond();

        assertEquals(204, send(id, now, Signatures.header(List.of(SECRET), id, now, "{}")));
        assertEquals(401, send(id, now, Signatures.header(List.of(SECRET), id, now, "{}")), "a replay");
    }

    @Test
    void givenCorrectlySignedButOldOrFutureRequest_whenSent_thenRefused() throws Exception {
        for (long skew : new long[] {-10 * 60, 10 * 60}) {
            String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
            long at = Instant.now().getEpochSecond() + skew;
            assertEquals(401, send(id, at, Signatures.header(List.of(SECRET), id, at, "{}")), "skew " + skew);
        }
    }

    @Test
    void givenWrongSignature_whenSent_thenRefused() throws Exception {
        String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
        long now = Instant.now().getEpochSecond();
        assertEquals(401, send(id, now, Signatures.header(List.of(Signatures.newSecret()), id, now, "{}")));
    }

    private int send(String id, long timestamp, String signature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
