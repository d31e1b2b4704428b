package io.backupwebhooks.shared.json;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one reading of a JSON object's fields, for the admin API's bodies and the queues' messages alike: each read
 * answers the value, or reports what is wrong with the field to a {@link Problems} sink and answers null (or the
 * fallback). The sink decides what a problem does: the API throws at the first (a 400 naming the field and the rule),
 * a queue message collects them all (the record fails with every reason).
 */
public final class JsonFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A queue message's body as a JSON object; an IllegalArgumentException says why it is not one. */
    public static JsonNode object(String body) {
        JsonNode root;
        try {
            root = body == null ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("body is not a JSON object");
        }
        return root;
    }

    /** What is wrong with a message's envelope, added to {@code problems}: its {@code type} and format version {@code v}. */
    public static void envelope(JsonNode root, String type, int version, List<String> problems) {
        if (!type.equals(root.path("type").asText(null))) {
            problems.add("type must be " + type);
        }
        if (!root.path("v").isInt() || root.path("v").asInt() != version) {
            problems.add("v must be " + version);
        }
    }

    /** Where a field's problem goes: the field's name and the rule it broke ("is required", "must be a string"). */
    @FunctionalInterface
    public interface Problems {
        void add(String field, String rule);
    }

    private final JsonNode object;
    private final Problems problems;

    public JsonFields(JsonNode object, Problems problems) {
        this.object = object;
        this.problems = problems;
    }

    /** The node of {@code field}, or null when it is absent or JSON null. */
    public JsonNode node(String field) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : node;
    }

    /** A string field: present (when {@code required}), a string, not blank. */
    public String text(String field, boolean required) {
        JsonNode node = node(field);
        if (node == null) {
            if (required) {
                problems.add(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            problems.add(field, "must be a string");
            return null;
        }
        if (node.asText().isBlank()) {
            problems.add(field, "must not be empty");
            return null;
        }
        return node.asText();
    }

    /** A boolean field, or {@code fallback} when absent. */
    public boolean bool(String field, boolean fallback) {
        JsonNode node = node(field);
        if (node == null) {
            return fallback;
        }
        if (!node.isBoolean()) {
            problems.add(field, "must be true or false");
            return fallback;
        }
        return node.asBoolean();
    }

    /** A whole number in [min, max], or {@code fallback} when absent. */
    public long integer(String field, long min, long max, long fallback) {
        JsonNode node = node(field);
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            problems.add(field, "must be a whole number from " + min + " to " + max);
            return fallback;
        }
        return node.asLong();
    }
}
