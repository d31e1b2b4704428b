package io.backupwebhooks.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook listener on a loopback port, written on plain sockets so that it can also misbehave: answer any
 * status, answer slowly, never answer, reset the connection, redirect, or send a huge body. Every request it reads
 * is kept, by path.
 */
public final class Listener implements AutoCloseable {

    /** A request as the listener read it; header names in lower case. */
    /** A request as it arrived; {@code at}: when its body was read. */
    public record Received(String method, String path, Map<String, String> headers, String body, java.time.Instant at) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** How the listener answers on one path. */
    public sealed interface Behaviour {}

    public record Status(int code, Duration delay) implements Behaviour {}

    public record Hang() implements Behaviour {}

    public record Reset() implements Behaviour {}

    public record Redirect(String location) implements Behaviour {}

    public record HugeBody(long bytes) implements Behaviour {}

    /**
     * Answers 200 with {@code Content-Length: 1000000}, sends 3 bytes and then one byte every 500 ms (so that no idle
     * timeout ends it) until the client closes the connection.
     */
    public record Stall() implements Behaviour {}

    public static Behaviour ok() {
        return new Status(200, Duration.ZERO);
    }

    private final ServerSocket server;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "listener");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    public Listener() {
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        workers.submit(this::acceptLoop);
    }

    /** The URL of {@code path} on this listener, answering as {@code behaviour}. */
    public String url(String path, Behaviour behaviour) {
        behaviours.put(path, behaviour);
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    public int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(Listener::closeQuietly);
        workers.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                workers.submit(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String requestLine = line(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return;
            }
            Map<String, String> headers = new TreeMap<>();
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(
                        h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            String[] parts = requestLine.split(" ");
            String path = parts[1];
            received.add(new Received(parts[0], path, Map.copyOf(headers), body, java.time.Instant.now()));
            answer(socket, behaviours.getOrDefault(path, new Status(404, Duration.ZERO)));
        } catch (IOException | InterruptedException ignored) {
            // the client went away: nothing to answer
        } finally {
            open.remove(socket);
        }
    }

    private void answer(Socket socket, Behaviour behaviour) throws IOException, InterruptedException {
        OutputStream out = socket.getOutputStream();
        if (behaviour instanceof Status s) {
            Thread.sleep(s.delay().toMillis());
            out.write(("HTTP/1.1 " + s.code() + " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                    .getBytes(StandardCharsets.US_ASCII));
        } else if (behaviour instanceof Hang) {
            while (socket.getInputStream().read() != -1) {
                // hold the connection open, say nothing, until the client gives up
            }
        } else if (behaviour instanceof Reset) {
            socket.setSoLinger(true, 0); // close() now sends RST
        } else if (behaviour instanceof Redirect r) {
            out.write(("HTTP/1.1 302 Found\r\nLocation: " + r.location()
                            + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } else if (behaviour instanceof Stall) {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int sent = 3; sent < 1_000_000; sent++) {
                Thread.sleep(500);
                out.write('x'); // throws once the client has closed the connection
                out.flush();
            }
        } else if (behaviour instanceof HugeBody h) {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + h.bytes() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            for (long sent = 0; sent < h.bytes(); sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, h.bytes() - sent));
            }
        }
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String s = buffer.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buffer.write(b);
        }
        return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.US_ASCII);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** For tests that want the raw list type. */
    public static List<String> bodies(List<Received> requests) {
        List<String> bodies = new ArrayList<>();
        requests.forEach(r -> bodies.add(r.body()));
        return bodies;
    }
}
