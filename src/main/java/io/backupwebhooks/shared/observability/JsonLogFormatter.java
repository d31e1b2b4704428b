package io.backupwebhooks.shared.observability;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * One log record as one JSON object on one line: the {@link LogEnvelope} and, with a throwable, {@code exception} (its
 * stack trace as one string). Written with Jackson's generator: no
 * reflection. Metric documents ({@link Emf}) have the same members, so one Logs Insights query reads both.
 */
public final class JsonLogFormatter extends ExtFormatter {

    private static final JsonFactory JSON = new JsonFactory();

    private final String function;

    public JsonLogFormatter(String function) {
        this.function = function;
    }

    @Override
    public String format(ExtLogRecord record) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            LogEnvelope.write(
                    json,
                    Instant.ofEpochMilli(record.getMillis()),
                    record.getLevel().getName(),
                    record.getLoggerName(),
                    formatMessage(record),
                    function,
                    record.getMdcCopy());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                json.writeStringField("exception", trace.toString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }
}
