package io.backupwebhooks.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The AWS Lambda Runtime API (2018-06-01) on a loopback port, for one function process: {@link #invoke} queues an
 * event, the function's runtime takes it from {@code invocation/next} and posts its response or error back.
 */
public final class RuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    private record Invocation(
            String id, String event, CompletableFuture<Long> handedOut, CompletableFuture<String> result) {}

    /** How long an event may wait for the runtime to take it: its init (a cold start) and the events before it. */
    private static final Duration QUEUED = Duration.ofMinutes(2);

    static {
        // the JDK's server otherwise waits for delayed ACKs (Nagle): about 40 ms on every small answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> running = new ConcurrentHashMap<>();
    private final CompletableFuture<String> firstPoll = new CompletableFuture<>();
    private final Duration timeout;
    private volatile String initError;

    /** An invocation's deadline ({@code Lambda-Runtime-Deadline-Ms}) is {@code timeout} after it is handed out. */
    public RuntimeApi(Duration timeout) {
        this.timeout = timeout;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext(PREFIX, this::serve);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API} for the function process. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Hands the event to the function and waits for its answer, {@code timeout} counted from the moment the runtime
     * took the event (as Lambda counts it: init is not part of an invocation); a function error becomes an exception.
     */
    public String invoke(String event, Duration timeout) {
        Invocation invocation = new Invocation(
                UUID.randomUUID().toString(), event, new CompletableFuture<>(), new CompletableFuture<>());
        pending.add(invocation);
        try {
            try {
                invocation.handedOut().get(QUEUED.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending.remove(invocation);
                throw new NoAnswer("the function did not take the event within " + QUEUED
                        + (initError == null ? "" : "; init error: " + initError));
            }
            return invocation.result().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the function failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new NoAnswer("the function did not answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** No answer within the time given. */
    public static final class NoAnswer extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NoAnswer(String message) {
            super(message);
        }
    }

    /** True once the function's runtime asked for its first event (it finished starting). */
    public boolean awaitReady(Duration timeout) {
        try {
            firstPoll.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("invocation/next")) {
                firstPoll.complete("ready");
                Invocation next = pending.take();
                running.put(next.id(), next);
                next.handedOut().complete(System.nanoTime());
                exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", next.id());
                exchange.getResponseHeaders()
                        .set(
                                "Lambda-Runtime-Deadline-Ms",
                                Long.toString(System.currentTimeMillis() + timeout.toMillis()));
                exchange.getResponseHeaders()
                        .set(
                                "Lambda-Runtime-Invoked-Function-Arn",
                                "arn:aws:lambda:us-east-1:000000000000:function:local");
                exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id", "Root=1-local");
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                reply(exchange, 200, next.event().getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
                Invocation done = running.remove(path.split("/")[1]);
                if (done != null) {
                    done.result().complete(new String(body, StandardCharsets.UTF_8));
                }
                reply(exchange, 202, new byte[0]);
            } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                Invocation failed = running.remove(path.split("/")[1]);
                if (failed != null) {
                    failed.result()
                            .completeExceptionally(new IllegalStateException(new String(body, StandardCharsets.UTF_8)));
                }
                reply(exchange, 202, new byte[0]);
            } else if (path.equals("init/error")) {
                initError = new String(body, StandardCharsets.UTF_8);
                reply(exchange, 202, new byte[0]);
            } else {
                reply(exchange, 404, new byte[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
