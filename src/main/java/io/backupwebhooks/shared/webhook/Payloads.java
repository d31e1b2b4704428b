package io.backupwebhooks.shared.webhook;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.backupwebhooks.shared.EventType;

/**
 * The webhook bodies of spec §2, written field by field so that the order, the {@code text} sentence and the date
 * formats are exactly those of {@code spec/payloads/*.json}.
 */
public final class Payloads {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter FINISHED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EXPECTED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Payloads() {}

    /** The facts of a finished backup that its payload reports. */
    public record Completion(
            EventType status,
            String account,
            String server,
            String serverPolicyId,
            String accountPolicyName,
            String accountPolicyId,
            String restorePointId,
            Instant finishedDate) {}

    /** The facts of a missed scheduled start. */
    public record Missing(
            String account,
            String server,
            String serverPolicyId,
            String accountPolicyName,
            String accountPolicyId,
            String storageRegion,
            Instant expectedDate) {}

    public static String completion(Completion c) {
        String finished = FINISHED.format(c.finishedDate());
        String text = "Status: " + c.status().name() + " - Account: " + c.account() + " - Server: " + c.server()
                + " - Account Policy Name: " + c.accountPolicyName() + " - Restore Point Id: " + c.restorePointId()
                + " - Finished Date/Time: " + finished;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("text", text);
        fields.put("status", c.status().name());
        fields.put("account", c.account());
        fields.put("server", c.server());
        fields.put("serverPolicyId", c.serverPolicyId());
        fields.put("accountPolicyName", c.accountPolicyName());
        fields.put("accountPolicyId", c.accountPolicyId());
        fields.put("restorePointId", c.restorePointId());
        fields.put("finishedDate", finished);
        return write(fields);
    }

    public static String missing(Missing m) {
        String expected = EXPECTED.format(m.expectedDate());
        String text = m.server() + " missed a backup expected at " + expected + " for policy [" + m.accountPolicyName()
                + "] with server policy id [" + m.serverPolicyId() + "] and storage region [" + m.storageRegion() + "]";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("text", text);
        fields.put("account", m.account());
        fields.put("server", m.server());
        fields.put("serverPolicyId", m.serverPolicyId());
        fields.put("accountPolicyName", m.accountPolicyName());
        fields.put("accountPolicyId", m.accountPolicyId());
        fields.put("expectedDate", expected);
        return write(fields);
    }

    private static String write(Map<String, String> fields) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, String> field : fields.entrySet()) {
                json.writeStringField(field.getKey(), field.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
