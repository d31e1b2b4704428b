package io.backupwebhooks.shared.observability;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.backupwebhooks.shared.observability.Metric.Dimension;

/**
 * One CloudWatch Embedded Metric Format document, written as one log line: CloudWatch Logs turns it into metrics
 * (no request, nothing to flush), and the same line is also the structured log record of what it measures, beginning
 * with the members every log line has ({@link LogEnvelope}). It goes out through the logger {@value #LOGGER}, whose console handler prints the message as it is.
 * <p>
 * Written field by field with Jackson's generator: no reflection, native-image safe. Dimension values are few
 * (function, event type, outcome); the account and the event id are members of {@code mdc}, never dimensions.
 */
public final class Emf {

    /** The logger (and its handler, see application.properties) that prints the documents unwrapped. */
    public static final String LOGGER = "io.backupwebhooks.emf";
    /** CloudWatch's limit of dimensions in one dimension set. */
    static final int MAX_DIMENSIONS = 9;

    private static final Logger OUT = Logger.getLogger(LOGGER);
    private static final JsonFactory JSON = new JsonFactory();

    private final Logger.Level level;
    private final String message;
    private final Map<Dimension, String> dimensions = new EnumMap<>(Dimension.class);
    private final List<Dimension[]> dimensionSets = new ArrayList<>();
    private final Map<Metric, Number> metrics = new EnumMap<>(Metric.class);
    private final List<Object[]> properties = new ArrayList<>();

    private Emf(Logger.Level level, String message) {
        this.level = level;
        this.message = message;
        dimensions.put(Dimension.FUNCTION, Settings.FUNCTION);
    }

    /** A document logged at {@code level} with {@code message}; the Function dimension is set. */
    public static Emf document(Logger.Level level, String message) {
        return new Emf(level, message);
    }

    public Emf dimension(Dimension dimension, String value) {
        dimensions.put(dimension, value == null ? "none" : value);
        return this;
    }

    /** One dimension set every metric of the document is published under. */
    public Emf dimensionSet(Dimension... set) {
        if (set.length > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("at most " + MAX_DIMENSIONS + " dimensions in a set");
        }
        dimensionSets.add(set);
        return this;
    }

    public Emf metric(Metric metric, Number value) {
        metrics.put(metric, value);
        return this;
    }

    /** A member that is logged, searchable in Logs Insights, but no metric or dimension. */
    public Emf property(String name, Object value) {
        if (value != null) {
            properties.add(new Object[] {name, value});
        }
        return this;
    }

    /** Writes the document, if its level is enabled. */
    public void emit() {
        if (OUT.isEnabled(level)) {
            OUT.log(level, toJson(Instant.ofEpochMilli(System.currentTimeMillis())));
        }
    }

    String toJson(Instant now) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            LogEnvelope.write(json, now, level.name(), LOGGER, message, Settings.FUNCTION, MDC.getMap());
            for (Object[] p : properties) {
                if (p[1] instanceof Number n) {
                    json.writeFieldName((String) p[0]);
                    writeNumber(json, n);
                } else {
                    json.writeStringField((String) p[0], String.valueOf(p[1]));
                }
            }
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", now.toEpochMilli());
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", Settings.NAMESPACE);
            json.writeArrayFieldStart("Dimensions");
            for (Dimension[] set : dimensionSets.isEmpty()
                    ? List.<Dimension[]>of(new Dimension[] {Dimension.FUNCTION})
                    : dimensionSets) {
                json.writeStartArray();
                for (Dimension d : set) {
                    json.writeString(d.key);
                }
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (Metric m : metrics.keySet()) {
                json.writeStartObject();
                json.writeStringField("Name", m.key);
                json.writeStringField("Unit", m.unit.cloudWatch);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            for (Map.Entry<Dimension, String> d : dimensions.entrySet()) {
                json.writeStringField(d.getKey().key, d.getValue());
            }
            for (Map.Entry<Metric, Number> m : metrics.entrySet()) {
                json.writeFieldName(m.getKey().key);
                writeNumber(json, m.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeNumber(JsonGenerator json, Number n) throws IOException {
        if (n instanceof Double || n instanceof Float) {
            json.writeNumber(n.doubleValue());
        } else {
            json.writeNumber(n.longValue());
        }
    }

    /** Read once, when the first document is written (at run time, also in a native image). */
    private static final class Settings {
        static final String FUNCTION = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.funqy.export", String.class)
                .orElse("unknown");
        static final String NAMESPACE = ConfigProvider.getConfig()
                .getOptionalValue("observability.metrics-namespace", String.class)
                .orElse(Metric.DEFAULT_NAMESPACE);
    }
}
