package io.backupwebhooks.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** dynalite (the DynamoDB API in Node.js, pinned in src/test/node/package.json) running on a free loopback port, in memory. */
public final class Dynalite implements AutoCloseable {

    /** Where package.json pins the tests' npm tools. */
    static final File NODE_TOOLS = new File("src/test/node");

    private final Process process;
    private final int port;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Dynalite start() {
        return start(freePort());
    }

    public static Dynalite start(int port) {
        File cli = new File(NODE_TOOLS, "node_modules/dynalite/cli.js");
        if (!cli.isFile()) {
            throw new IllegalStateException("dynalite is not installed: run `npm ci` in " + NODE_TOOLS.getAbsolutePath()
                    + " (the Maven build does this when node_modules is missing)");
        }
        try {
            Process process = new ProcessBuilder("node", cli.getPath(), "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            awaitPort(port, process, Duration.ofSeconds(20));
            return new Dynalite(process, port);
        } catch (IOException e) {
            throw new IllegalStateException("could not start dynalite with `node`", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public DynamoDbClient client() {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitPort(int port, Process process, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dynalite exited with code " + process.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        process.destroy();
        throw new IllegalStateException("dynalite did not listen on port " + port + " within " + limit);
    }
}
