package io.backupwebhooks.shared.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;

/** How a POST that got no answer is described: by the failure's type, whatever its message says. */
class WebhookSenderTest {

    @Test
    void givenAConnectTimeout_whenDescribed_thenCouldNotConnectInTime() {
        assertEquals("could not connect in time", WebhookSender.describe(new ConnectTimeoutException("whatever")));
    }

    @Test
    void givenARefusedConnection_whenDescribed_thenConnectionRefusedWhateverTheMessage() {
        assertEquals("connection refused", WebhookSender.describe(new ConnectException("Verbindung abgelehnt")));
    }

    @Test
    void givenAConnectionClosedOrReset_whenDescribed_thenClosedBeforeAnAnswer() {
        String closed = "the connection was closed before an answer came";
        assertEquals(closed, WebhookSender.describe(new HttpClosedException("Connection was closed")));
        assertEquals(closed, WebhookSender.describe(new SocketException("Connection reset")));
        assertEquals(
                closed, WebhookSender.describe(new IOException("recvAddress(..) failed: Connection reset by peer")));
    }

    @Test
    void givenAnythingElse_whenDescribed_thenItsTypeAndMessage() {
        assertEquals(
                "NoRouteToHostException: no route", WebhookSender.describe(new NoRouteToHostException("no route")));
        assertEquals("IllegalStateException", WebhookSender.describe(new IllegalStateException()));
        assertEquals(
                "IllegalStateException: refused and reset",
                WebhookSender.describe(new IllegalStateException("refused and reset")));
    }
}
