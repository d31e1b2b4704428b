package io.backupwebhooks.local;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;

import io.backupwebhooks.testing.Project;

/**
 * One packaged function running as its own process against its own loopback Runtime API, as Lambda runs it:
 * {@code QUARKUS_FUNQY_EXPORT} picks the function, {@code AWS_LAMBDA_RUNTIME_API} points at the Runtime API, and
 * an invocation gets the function's timeout, no more.
 */
public final class LocalFunction implements AutoCloseable {

    public static final String HANDLER = "io.backupwebhooks.shared.observability.ObservedStreamHandler::handleRequest";

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Duration timeout;
    private final Consumer<String> log;
    private volatile RuntimeApi api;
    private volatile Process process;
    private volatile long startedNanos;

    private LocalFunction(
            String name, List<String> command, Map<String, String> env, Duration timeout, Consumer<String> log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.timeout = timeout;
        this.log = log;
    }

    /**
     * The command that runs target/function.zip the way Lambda's {@code java21} runtime does: the zip unpacked as the
     * task directory ({@code /var/task} and {@code /var/task/lib/*} on the class path) and AWS's runtime interface
     * client as the main class, with the Funqy handler.
     */
    public static List<String> java21Runtime(List<String> jvmOptions) {
        Path zip = Project.path("target", "function.zip").toAbsolutePath();
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("no target/function.zip: run ./mvnw package first");
        }
        Path task = Project.path("target", "local", "task").toAbsolutePath();
        unzip(zip, task);
        String classPath = String.join(
                File.pathSeparator,
                task.toString(),
                task.resolve("lib") + File.separator + "*",
                jarOf(AWSLambda.class),
                jarOf(PojoSerializer.class));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, AWSLambda.class.getName(), HANDLER));
        return command;
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unzip(Path zip, Path into) {
        try {
            if (Files.exists(into) && Files.getLastModifiedTime(into).compareTo(Files.getLastModifiedTime(zip)) > 0) {
                return;
            }
            try (var walk = Files.exists(into) ? Files.walk(into) : java.util.stream.Stream.<Path>empty()) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .map(Path::toFile)
                        .forEach(File::delete);
            }
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    Path target = into.resolve(e.getName()).normalize();
                    if (!target.startsWith(into)) {
                        throw new IOException("zip entry outside the task directory: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(in, target);
                    }
                }
            }
            Files.setLastModifiedTime(into, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        } catch (IOException e) {
            throw new IllegalStateException("could not unpack " + zip, e);
        }
    }

    /**
     * Starts the packaged function in its {@link Sandbox}: Lambda's environment and JVM sizing, and its timeout, past
     * which an invocation is ended as Lambda ends it (the process is replaced). {@code extraJvmOptions} come after
     * the sandbox's (a benchmark's experiments); each output line goes to {@code log} (null: discarded).
     */
    public static LocalFunction start(Sandbox sandbox, List<String> extraJvmOptions, Consumer<String> log) {
        List<String> options = new ArrayList<>(sandbox.jvmOptions());
        options.addAll(extraJvmOptions);
        return start(sandbox.function(), java21Runtime(options), sandbox.environment(), sandbox.timeout(), log);
    }

    /**
     * Starts {@code command} with {@code env} plus the Runtime API's address; an invocation running past
     * {@code timeout} is ended and the process replaced. Each output line goes to {@code log} (null: discarded).
     */
    public static LocalFunction start(
            String function, List<String> command, Map<String, String> env, Duration timeout, Consumer<String> log) {
        LocalFunction f = new LocalFunction(function, command, env, timeout, log);
        f.launch();
        return f;
    }

    private void launch() {
        RuntimeApi newApi = new RuntimeApi(timeout);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .directory(Project.path("target", "local").toFile());
        Map<String, String> environment = new HashMap<>(env);
        environment.putIfAbsent("QUARKUS_FUNQY_EXPORT", name);
        environment.putIfAbsent("AWS_LAMBDA_FUNCTION_NAME", "backup-webhooks-" + name);
        environment.put("AWS_LAMBDA_RUNTIME_API", newApi.address());
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        try {
            Files.createDirectories(builder.directory().toPath());
            Process newProcess = builder.start();
            Thread pump = new Thread(() -> pump(newProcess, log), name + "-log");
            pump.setDaemon(true);
            pump.start();
            this.api = newApi;
            this.process = newProcess;
            this.startedNanos = started;
        } catch (IOException e) {
            newApi.close();
            throw new IllegalStateException("could not start " + command, e);
        }
    }

    public String name() {
        return name;
    }

    /**
     * Hands the function one event and returns its answer. Past the function's timeout the invocation ends as in
     * Lambda: {@link TimedOut} is thrown and the process is replaced by a fresh one (the next event meets a cold
     * start); an SQS batch then stays on the queue, as nothing deletes it.
     */
    public String invoke(String event) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " is not running (exit code " + process.exitValue() + ")");
        }
        try {
            return api.invoke(event, timeout);
        } catch (RuntimeApi.NoAnswer late) {
            replace();
            throw new TimedOut(name + ": Task timed out after " + timeout.toSeconds() + " seconds");
        }
    }

    /** Lambda ending an invocation at its timeout. */
    public static final class TimedOut extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    private synchronized void replace() {
        stop();
        launch();
    }

    public boolean awaitReady(Duration limit) {
        return api.awaitReady(limit);
    }

    public long pid() {
        return process.pid();
    }

    public long startedNanos() {
        return startedNanos;
    }

    /** Resident memory of the process in MiB, from /proc (Linux). */
    public double residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Double.NaN;
    }

    @Override
    public void close() {
        stop();
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }

    private static void pump(Process process, Consumer<String> log) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (log != null) {
                    log.accept(line);
                }
            }
        } catch (IOException ended) {
            // the process went away
        }
    }
}
