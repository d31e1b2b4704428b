package io.backupwebhooks.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * aws-ses-v2-local (the SES v2 API in Node.js, pinned in src/test/node/package.json) on a free loopback port: it
 * accepts SendEmail and keeps every email, shown as JSON at {@code GET /store} (and in a browser at {@code /}).
 */
public final class SesLocal implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Process process;
    private final int port;

    private SesLocal(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static SesLocal start() {
        return start(Dynalite.freePort());
    }

    public static SesLocal start(int port) {
        return new SesLocal(
                NodeTool.start("aws-ses-v2-local", "aws-ses-v2-local/dist/cli.js", port, Duration.ofSeconds(30)), port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Every email sent so far, oldest first (aws-ses-v2-local's store: from, destination.to, subject, body.text/html, headers). */
    public List<JsonNode> emails() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(endpoint() + "/store"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            List<JsonNode> emails = new ArrayList<>();
            JSON.readTree(response.body()).path("emails").forEach(emails::add);
            return emails;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The emails sent to {@code address}. */
    public List<JsonNode> emailsTo(String address) {
        return emails().stream()
                .filter(e -> {
                    for (JsonNode to : e.path("destination").path("to")) {
                        if (to.asText().equals(address)) {
                            return true;
                        }
                    }
                    return false;
                })
                .toList();
    }

    /** A header of a stored email, or null. */
    public static String header(JsonNode email, String name) {
        for (JsonNode h : email.path("headers")) {
            if (h.path("name").asText().equalsIgnoreCase(name)) {
                return h.path("value").asText();
            }
        }
        return null;
    }

    @Override
    public void close() {
        NodeTool.stop(process);
    }
}
