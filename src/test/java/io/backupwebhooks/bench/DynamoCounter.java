package io.backupwebhooks.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A counting HTTP proxy on loopback in front of a DynamoDB API endpoint (dynalite): forwards every request as it is
 * and counts requests by operation ({@code X-Amz-Target}, e.g. {@code DynamoDB_20120810.Query} counts as
 * {@code Query}) and items read ({@code Count} of a Query or Scan, 1 per GetItem that found an item, the items of a
 * BatchGetItem). Point the functions' {@code QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE} at {@link #endpoint()}.
 */
public final class DynamoCounter implements AutoCloseable {

    /** Counts since the last reset: requests by operation, and items read. */
    public record Snapshot(Map<String, Long> requests, long itemsRead) {
        public long total() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }

        public long requests(String operation) {
            return requests.getOrDefault(operation, 0L);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(64, r -> {
        Thread t = new Thread(r, "dynamo-counter");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder itemsRead = new LongAdder();

    /** Starts the proxy on a free loopback port, forwarding to {@code targetEndpoint} (e.g. http://127.0.0.1:4567). */
    public DynamoCounter(String targetEndpoint) {
        this.target = URI.create(targetEndpoint);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::forward);
        server.setExecutor(workers);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Snapshot snapshot() {
        Map<String, Long> byOperation = new TreeMap<>();
        requests.forEach((operation, count) -> byOperation.put(operation, count.sum()));
        return new Snapshot(byOperation, itemsRead.sum());
    }

    /** The counts so far, then zero. Call it while no requests are in flight. */
    public Snapshot reset() {
        Snapshot snapshot = snapshot();
        requests.values().forEach(LongAdder::reset);
        itemsRead.reset();
        return snapshot;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = amzTarget == null ? "(none)" : amzTarget.substring(amzTarget.indexOf('.') + 1);
            requests.computeIfAbsent(operation, o -> new LongAdder()).increment();

            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                itemsRead.add(itemsRead(operation, response.body()));
            }

            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] out = response.body();
            exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long itemsRead(String operation, byte[] body) throws IOException {
        switch (operation) {
            case "Query", "Scan" -> {
                return JSON.readTree(body).path("Count").asLong();
            }
            case "GetItem" -> {
                JsonNode item = JSON.readTree(body).get("Item");
                return item != null && !item.isEmpty() ? 1 : 0;
            }
            case "BatchGetItem" -> {
                long items = 0;
                for (JsonNode table : JSON.readTree(body).path("Responses")) {
                    items += table.size();
                }
                return items;
            }
            default -> {
                return 0;
            }
        }
    }
}
