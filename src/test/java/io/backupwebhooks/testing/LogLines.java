package io.backupwebhooks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a function logs, as the lines its console handlers print, and the checks every line must pass: one JSON
 * object with level, message, logger, function and mdc; an EMF document where it has {@code _aws}; no secret, token,
 * or URL path or query.
 */
public final class LogLines implements AutoCloseable {

    /** A Standard Webhooks secret, an Authorization header's bearer token, or a JWT. */
    public static final Pattern SECRETS = Pattern.compile("whsec_|(?i:bearer\\s+\\S)|eyJ[A-Za-z0-9_-]{8,}\\.");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UNITS = Set.of("Count", "Milliseconds", "Seconds", "None", "Bytes", "Percent");

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Runnable> detach = new ArrayList<>();

    private LogLines() {}

    /**
     * Captures, until closed, what the running Quarkus application's console handlers print: each record formatted by
     * the handler's own formatter (the JSON formatter on the root, the EMF pass-through on the metrics logger).
     */
    public static LogLines capture(String... loggers) {
        LogLines capture = new LogLines();
        List<String> names = new ArrayList<>(List.of(""));
        names.addAll(List.of(loggers));
        for (String name : names) {
            org.jboss.logmanager.Logger logger = LogContext.getLogContext().getLogger(name);
            List<Handler> consoles = new ArrayList<>();
            for (Handler h : logger.getHandlers()) {
                consoles(h, consoles);
            }
            assertFalse(consoles.isEmpty(), "a console handler on '" + name + "'");
            Handler console = consoles.get(0);
            Formatter format = console.getFormatter();
            Handler tap = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    if (console.isLoggable(record)) {
                        capture.lines.add(format.format(record));
                    }
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            logger.addHandler(tap);
            capture.detach.add(() -> logger.removeHandler(tap));
        }
        return capture;
    }

    /** Lines from elsewhere (a process's output). */
    public static LogLines of(List<String> lines) {
        LogLines l = new LogLines();
        l.lines.addAll(lines);
        return l;
    }

    private static void consoles(Handler handler, List<Handler> found) {
        if (handler instanceof ConsoleHandler) {
            found.add(handler);
        }
        if (handler instanceof ExtHandler ext) {
            for (Handler nested : ext.getHandlers()) {
                consoles(nested, found);
            }
        }
    }

    /** Every line, each printed text split at line ends. */
    public List<String> lines() {
        List<String> all = new ArrayList<>();
        for (String printed : lines) {
            for (String line : printed.split("\r?\n")) {
                if (!line.isEmpty()) {
                    all.add(line);
                }
            }
        }
        return all;
    }

    /**
     * Parses every line as one JSON object with the members every log line has, validates the EMF documents among
     * them, and checks that none carries a secret, a token or any of {@code forbidden} (URL paths and queries).
     */
    public List<JsonNode> parseAll(String function, String... forbidden) {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines()) {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + line, e);
            }
            assertTrue(node.isObject(), line);
            for (String member : List.of("timestamp", "level", "logger", "message", "function")) {
                assertTrue(node.path(member).isTextual(), member + " in " + line);
            }
            assertEquals(function, node.get("function").asText(), line);
            assertTrue(node.path("mdc").isObject(), "mdc in " + line);
            if (node.has("_aws")) {
                validateEmf(node);
            }
            assertFalse(SECRETS.matcher(line).find(), "a secret or token in " + line);
            for (String f : forbidden) {
                assertFalse(line.contains(f), "'" + f + "' in " + line);
            }
            parsed.add(node);
        }
        return parsed;
    }

    /** The EMF specification's rules: _aws with Timestamp and CloudWatchMetrics, every name a top-level member. */
    public static void validateEmf(JsonNode doc) {
        JsonNode aws = doc.get("_aws");
        assertTrue(aws.path("Timestamp").isIntegralNumber(), "Timestamp: " + doc);
        assertTrue(Math.abs(aws.get("Timestamp").asLong() - System.currentTimeMillis()) < 3_600_000, "Timestamp now");
        JsonNode directives = aws.path("CloudWatchMetrics");
        assertTrue(directives.isArray() && directives.size() > 0, "CloudWatchMetrics: " + doc);
        for (JsonNode directive : directives) {
            assertTrue(
                    directive.path("Namespace").isTextual()
                            && !directive.get("Namespace").asText().isBlank(),
                    doc.toString());
            assertTrue(
                    directive.path("Dimensions").isArray()
                            && directive.get("Dimensions").size() > 0,
                    doc.toString());
            for (JsonNode set : directive.get("Dimensions")) {
                assertTrue(set.isArray() && set.size() >= 1 && set.size() <= 9, "dimension set " + set);
                for (JsonNode dimension : set) {
                    assertTrue(
                            doc.path(dimension.asText()).isTextual(),
                            "dimension " + dimension + " is a member: " + doc);
                }
            }
            assertTrue(
                    directive.path("Metrics").isArray()
                            && directive.get("Metrics").size() > 0,
                    doc.toString());
            for (JsonNode metric : directive.get("Metrics")) {
                String name = metric.path("Name").asText();
                assertTrue(doc.path(name).isNumber(), "metric " + name + " is a numeric member: " + doc);
                assertTrue(UNITS.contains(metric.path("Unit").asText()), "unit of " + name);
                for (Iterator<String> it = metric.fieldNames(); it.hasNext(); ) {
                    String field = it.next();
                    if (!Set.of("Name", "Unit", "StorageResolution").contains(field)) {
                        fail("unknown member " + field + " of a metric definition");
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        detach.forEach(Runnable::run);
    }
}
