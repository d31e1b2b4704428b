package io.backupwebhooks.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for an AWS API that comes from npm (pinned in src/test/node/package.json: dynalite, aws-ses-v2-local),
 * run with the machine's {@code node} on a loopback port until its port answers.
 */
final class NodeTool {

    /** Where package.json pins the tests' npm tools. */
    static final File NODE_TOOLS = Project.path("src", "test", "node").toFile();

    private NodeTool() {}

    /**
     * Starts {@code node <cli> --host 127.0.0.1 --port <port> <more>} and waits until the port answers.
     *
     * @param name the npm package, for messages
     * @param cli the script, relative to src/test/node/node_modules
     */
    static Process start(String name, String cli, int port, Duration limit, String... more) {
        File script = new File(NODE_TOOLS, "node_modules/" + cli);
        if (!script.isFile()) {
            throw new IllegalStateException(name + " is not installed: run `npm ci` in " + NODE_TOOLS.getAbsolutePath()
                    + " (the Maven build does this when node_modules is missing)");
        }
        List<String> command = new ArrayList<>(
                List.of("node", script.getPath(), "--host", "127.0.0.1", "--port", Integer.toString(port)));
        command.addAll(List.of(more));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            awaitPort(name, port, process, limit);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + " with `node`", e);
        }
    }

    static void stop(Process process) {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitPort(String name, int port, Process process, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue());
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
        throw new IllegalStateException(name + " did not listen on port " + port + " within " + limit);
    }
}
