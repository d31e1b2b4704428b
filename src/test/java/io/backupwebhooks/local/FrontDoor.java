package io.backupwebhooks.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for API Gateway's HTTP API on a loopback port: each request becomes a payload-2.0 event whose JWT
 * claims carry a fixed local account (what the authorizer would verify from a real token), is handed to the admin
 * function, and the function's answer is written back.
 */
public final class FrontDoor implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1024 * 1024;

    static {
        // the JDK's server otherwise waits for delayed ACKs (Nagle): about 40 ms on every small answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final String account;
    private final UnaryOperator<String> invoke;

    /** {@code invoke} takes the event's JSON and returns the function's response JSON. */
    public FrontDoor(int port, String account, UnaryOperator<String> invoke) {
        this.account = account;
        this.invoke = invoke;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new IllegalStateException("the front door cannot listen on port " + port, e);
        }
        server.createContext("/", this::serve);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            JsonNode response = JSON.readTree(invoke.apply(event(exchange, body).toString()));
            response.path("headers")
                    .fields()
                    .forEachRemaining(h -> exchange.getResponseHeaders()
                            .set(h.getKey(), h.getValue().asText()));
            byte[] out = response.path("body").asText("").getBytes(StandardCharsets.UTF_8);
            int status = response.path("statusCode").asInt(502);
            exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (RuntimeException e) {
            byte[] out = ("{\"type\":\"about:blank\",\"title\":\"Bad Gateway\",\"status\":502,\"detail\":\""
                            + e.getClass().getSimpleName() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(502, out.length);
            exchange.getResponseBody().write(out);
        }
    }

    private ObjectNode event(HttpExchange exchange, byte[] body) {
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", "$default");
        e.put("rawPath", rawPath);
        e.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        ObjectNode headers = e.putObject("headers");
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            headers.put(h.getKey().toLowerCase(Locale.ROOT), String.join(",", h.getValue()));
        }
        if (rawQuery != null && !rawQuery.isEmpty()) {
            ObjectNode query = e.putObject("queryStringParameters");
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
            }
        }
        ObjectNode context = e.putObject("requestContext");
        // as API Gateway: the domain it took the call on (here, the front door's own address)
        context.put("domainName", "127.0.0.1:" + server.getAddress().getPort());
        context.putObject("http")
                .put("method", exchange.getRequestMethod())
                .put("path", rawPath)
                .put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        context.putObject("authorizer")
                .putObject("jwt")
                .putObject("claims")
                .put("account", account)
                .put("sub", "local-admin");
        if (body.length > 0) {
            e.put("body", new String(body, StandardCharsets.UTF_8));
        }
        e.put("isBase64Encoded", false);
        return e;
    }
}
