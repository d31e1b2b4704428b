package io.backupwebhooks.shared.observability;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The members every line we print begins with, log record ({@link JsonLogFormatter}) and metric document ({@link Emf})
 * alike, so that one Logs Insights query reads both: {@code timestamp}, {@code level}, {@code logger}, {@code message},
 * {@code function} (the Funqy export) and {@code mdc} (request id, cold start, event id, account, event type, where
 * set).
 */
final class LogEnvelope {

    private LogEnvelope() {}

    /** Writes the envelope's members into the object {@code json} has started. */
    static void write(
            JsonGenerator json,
            Instant at,
            String level,
            String logger,
            String message,
            String function,
            Map<String, ?> mdc)
            throws IOException {
        json.writeStringField("timestamp", at.toString());
        json.writeStringField("level", level);
        json.writeStringField("logger", logger);
        json.writeStringField("message", message);
        json.writeStringField("function", function);
        json.writeObjectFieldStart("mdc");
        if (mdc != null) {
            for (Map.Entry<String, ?> e : mdc.entrySet()) {
                json.writeStringField(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        json.writeEndObject();
    }
}
