package io.backupwebhooks.shared.webhook;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.json.JsonFields;

/**
 * One resend of a recovery ({@code POST /webhooks/{eventType}/deliveries/resend}, spec 6), as the admin function puts
 * it on the resend queue and the delivery function takes it: the event's first attempt ({@code deliveryId}), the
 * latest attempt the admin's request saw ({@code expect}: the resend is made only while it still is, so a message
 * that comes twice, or two overlapping recoveries, send once) and who asked ({@code requestedBy}).
 */
public record ResendRequest(String account, EventType eventType, String deliveryId, String expect, String requestedBy) {

    public static final int VERSION = 1;
    private static final JsonFactory FACTORY = new JsonFactory();

    public String toMessage() {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", "RESEND");
            json.writeNumberField("v", VERSION);
            json.writeStringField("account", account);
            json.writeStringField("eventType", eventType.name());
            json.writeStringField("deliveryId", deliveryId);
            json.writeStringField("expect", expect);
            json.writeStringField("requestedBy", requestedBy);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Reads a message body; every problem is named in the exception's message. */
    public static ResendRequest fromMessage(String body) {
        JsonNode root = JsonFields.object(body);
        List<String> problems = new ArrayList<>();
        JsonFields.envelope(root, "RESEND", VERSION, problems);
        JsonFields fields = new JsonFields(root, (field, rule) -> problems.add(field + " " + rule));
        String account = fields.text("account", true);
        String type = fields.text("eventType", true);
        EventType eventType = type == null ? null : EventType.byId(type).orElse(null);
        if (type != null && eventType == null) {
            problems.add("eventType '" + type + "' is not an event type");
        }
        String deliveryId = fields.text("deliveryId", true);
        String expect = fields.text("expect", true);
        String requestedBy = fields.text("requestedBy", true);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new ResendRequest(account, eventType, deliveryId, expect, requestedBy);
    }
}
