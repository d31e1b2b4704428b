package io.backupwebhooks.shared.webhook;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.json.JsonFields;

/**
 * The internal message from the scan to the delivery function (the missing-alerts queue): one missed scheduled start,
 * with everything its Missing Backups payload needs and its fixed event id. Written field by field and read as a tree
 * (no reflection). {@code v} is the message version: a reader refuses versions it does not know.
 */
public record MissingAlert(
        String eventId,
        String account,
        String server,
        String serverPolicyId,
        String accountPolicyId,
        String accountPolicyName,
        String storageRegion,
        Instant expectedDate) {

    public static final int VERSION = 1;
    private static final JsonFactory FACTORY = new JsonFactory();

    /** The alert of a missed start; its id is fixed by (account, server policy, scheduled start). */
    public static MissingAlert of(
            String account,
            String server,
            String serverPolicyId,
            String accountPolicyId,
            String accountPolicyName,
            String storageRegion,
            Instant expectedDate) {
        return new MissingAlert(
                idOf(account, serverPolicyId, expectedDate),
                account,
                server,
                serverPolicyId,
                accountPolicyId,
                accountPolicyName,
                storageRegion,
                expectedDate);
    }

    static String idOf(String account, String serverPolicyId, Instant expectedDate) {
        return WebhookEvent.idOf(EventType.MISSING.name(), account, serverPolicyId, expectedDate.toString());
    }

    /** The webhook this alert sends: the spec's Missing Backups payload under the alert's event id. */
    public WebhookEvent webhook() {
        String body = Payloads.missing(new Payloads.Missing(
                account, server, serverPolicyId, accountPolicyName, accountPolicyId, storageRegion, expectedDate));
        return new WebhookEvent(eventId, account, EventType.MISSING, body);
    }

    /** The SQS message body. */
    public String toMessage() {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", "MISSING_ALERT");
            json.writeNumberField("v", VERSION);
            json.writeStringField("eventId", eventId);
            json.writeStringField("account", account);
            json.writeStringField("server", server);
            json.writeStringField("serverPolicyId", serverPolicyId);
            json.writeStringField("accountPolicyId", accountPolicyId);
            json.writeStringField("accountPolicyName", accountPolicyName);
            json.writeStringField("storageRegion", storageRegion);
            json.writeStringField("expectedDate", expectedDate.toString());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Reads a message body; every problem is named in the exception's message. The event id must be the one the
     * facts give, so that a message cannot claim another event's id.
     */
    public static MissingAlert fromMessage(String body) {
        JsonNode root = JsonFields.object(body);
        List<String> problems = new ArrayList<>();
        JsonFields.envelope(root, "MISSING_ALERT", VERSION, problems);
        String eventId = text(root, "eventId", problems);
        String account = text(root, "account", problems);
        String server = text(root, "server", problems);
        String serverPolicyId = text(root, "serverPolicyId", problems);
        String accountPolicyId = text(root, "accountPolicyId", problems);
        String accountPolicyName = text(root, "accountPolicyName", problems);
        String storageRegion = text(root, "storageRegion", problems);
        String expected = text(root, "expectedDate", problems);
        Instant expectedDate = null;
        if (expected != null) {
            try {
                expectedDate = Instant.parse(expected);
            } catch (DateTimeParseException e) {
                problems.add("expectedDate '" + expected + "' is not an ISO-8601 instant");
            }
        }
        if (problems.isEmpty() && !eventId.equals(idOf(account, serverPolicyId, expectedDate))) {
            problems.add("eventId " + eventId + " is not the id of this missed start");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new MissingAlert(
                eventId,
                account,
                server,
                serverPolicyId,
                accountPolicyId,
                accountPolicyName,
                storageRegion,
                expectedDate);
    }

    private static String text(JsonNode root, String name, List<String> problems) {
        JsonNode node = root.get(name);
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            problems.add(name + " must be a non-empty string");
            return null;
        }
        return node.asText();
    }
}
