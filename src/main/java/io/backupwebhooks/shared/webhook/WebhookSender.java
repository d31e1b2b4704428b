package io.backupwebhooks.shared.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.net.PublicAddressGuard;
import io.backupwebhooks.shared.net.PublicAddressGuard.BlockedAddressException;
import io.backupwebhooks.shared.net.WebhookUrl;
import io.backupwebhooks.shared.net.WebhookUrl.InvalidUrlException;
import io.backupwebhooks.shared.store.Delivery.Outcome;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.net.SocketAddress;

/**
 * Makes the one POST of a webhook. The host is resolved once and every address is checked against the
 * public-address rule; the connection then goes to the checked address itself, so a DNS answer that changes
 * between check and connect (rebinding) cannot redirect it.
 * <p>
 * Why Vert.x's HTTP client and not the REST client: the REST client takes a URL and resolves its host on its own;
 * Vert.x's {@link RequestOptions#setServer} connects to a given socket address while keeping the URL's host for the
 * {@code Host} header, SNI and certificate checks, which is exactly the pinning the rule needs.
 */
@ApplicationScoped
public class WebhookSender {

    /** Where a URL leads: a checked address to connect to, or why no connection is made. */
    public sealed interface Target permits Reachable, Unreachable {}

    public record Reachable(URI uri, String host, int port, boolean tls, InetAddress address) implements Target {}

    public record Unreachable(Outcome outcome, String reason) implements Target {}

    /** The answer to one POST; {@code statusCode} is null when none came. */
    public record Result(Outcome outcome, Integer statusCode, long durationMs, String error) {}

    private final Vertx vertx;
    private final PublicAddressGuard guard;
    private final long connectMillis;
    private final long requestMillis;
    private volatile HttpClient client;

    WebhookSender(Vertx vertx, ServiceConfig config) {
        this.vertx = vertx;
        this.guard = new PublicAddressGuard(config.delivery().allowLoopbackTargets());
        this.connectMillis = config.delivery().connectTimeout().toMillis();
        this.requestMillis = config.delivery().requestTimeout().toMillis();
    }

    /** Creates the HTTP client now rather than on the first POST (see Priming). */
    public void prime() {
        client();
    }

    /** Resolves and checks the URL's host; no connection is made. */
    public Target prepare(String url) {
        WebhookUrl parsed;
        try {
            parsed = WebhookUrl.parse(url);
        } catch (InvalidUrlException e) {
            return new Unreachable(Outcome.FAILED, "the URL " + e.getMessage());
        }
        try {
            InetAddress address = guard.resolve(parsed.host()).get(0);
            return new Reachable(parsed.uri(), parsed.host(), parsed.port(), parsed.tls(), address);
        } catch (BlockedAddressException e) {
            // the account reads this: for a name, the rule and not the address it resolved to
            return new Unreachable(
                    Outcome.BLOCKED,
                    isLiteral(parsed.host())
                            ? e.getMessage()
                            : "the host " + parsed.host() + " resolves to a non-public address");
        } catch (UnknownHostException | IllegalArgumentException e) {
            return new Unreachable(Outcome.FAILED, "the host " + parsed.host() + " could not be resolved");
        }
    }

    private static boolean isLiteral(String host) {
        try {
            return PublicAddressGuard.literal(host).isPresent();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /**
     * One POST, never retried and never redirected; blocks the calling (worker) thread until the status arrives or
     * the request timeout, counted from before the connect, passes.
     */
    public Result post(Reachable target, Map<String, String> headers, String body) {
        String path =
                target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty()
                        ? "/"
                        : target.uri().getRawPath();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(
                        target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(
                        target.uri().getRawQuery() == null
                                ? path
                                : path + "?" + target.uri().getRawQuery())
                .setConnectTimeout(Math.min(connectMillis, requestMillis))
                .setIdleTimeout(requestMillis)
                .setFollowRedirects(false);
        headers.forEach(options::putHeader);

        // One deadline covers the whole exchange, connect to status: Vert.x cancels a request's own timer when the
        // status line arrives, so the deadline is ours. The body is never read: the connection is closed as soon
        // as the status is known, or when the deadline passes, so no listener can hold a socket open.
        long started = System.nanoTime();
        AtomicBoolean over = new AtomicBoolean();
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        CompletableFuture<Integer> status = new CompletableFuture<>();
        client().request(options)
                .compose(r -> {
                    request.set(r);
                    if (over.get()) { // the deadline passed while connecting: nothing is sent
                        r.reset();
                        return Future.failedFuture("no response within " + requestMillis + " ms");
                    }
                    return r.send(Buffer.buffer(body));
                })
                .onSuccess(response -> {
                    status.complete(response.statusCode());
                    close(response);
                })
                .onFailure(status::completeExceptionally);
        try {
            int code = status.get(requestMillis, TimeUnit.MILLISECONDS);
            boolean ok = code >= 200 && code < 300;
            return new Result(
                    ok ? Outcome.DELIVERED : Outcome.FAILED,
                    code,
                    millisSince(started),
                    ok
                            ? null
                            : "the listener answered " + code
                                    + (code >= 300 && code < 400 ? " (redirects are not followed)" : ""));
        } catch (TimeoutException e) {
            over.set(true);
            HttpClientRequest r = request.get();
            if (r != null) {
                r.reset(); // HTTP/1.x: closes the connection
            }
            return new Result(
                    Outcome.FAILED, null, millisSince(started), "no response within " + requestMillis + " ms");
        } catch (ExecutionException e) {
            // Vert.x's own idle timer (set to the same deadline) can fire a moment before ours: the same failure
            String why = e.getCause() instanceof io.vertx.core.impl.NoStackTraceTimeoutException
                    ? "no response within " + requestMillis + " ms"
                    : describe(e.getCause());
            return new Result(Outcome.FAILED, null, millisSince(started), why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.FAILED, null, millisSince(started), "interrupted");
        }
    }

    /** The status is all we need: the rest of the response is not read, and its connection is closed now. */
    private static void close(HttpClientResponse response) {
        response.exceptionHandler(ignored -> {});
        response.handler(null);
        response.request().connection().close();
    }

    /**
     * Why a POST got no answer, by the kind of failure: Netty and Vert.x word their messages differently by transport
     * (epoll, NIO) and version, so the type is what counts.
     */
    static String describe(Throwable failure) {
        if (failure instanceof ConnectTimeoutException) { // a ConnectException too: asked first
            return "could not connect in time";
        }
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        if (failure instanceof HttpClosedException
                || failure instanceof StreamResetException
                || failure instanceof IOException && !(failure instanceof NoRouteToHostException)) {
            return "the connection was closed before an answer came";
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(new HttpClientOptions()
                            .setConnectTimeout((int) connectMillis)
                            // one connection per POST: a reused idle connection that the listener closes at
                            // that moment would fail the one attempt
                            .setKeepAlive(false)
                            .setMaxPoolSize(64)
                            .setForceSni(true)
                            .setVerifyHost(true));
                }
                c = client;
            }
        }
        return c;
    }
}
