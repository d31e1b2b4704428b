package io.backupwebhooks.admin.http;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.shared.json.JsonFields;

/** Reads a request's JSON body strictly: content type, size, syntax, known fields and their types. */
public final class JsonBody {

    public static final int MAX_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    static {
        JSON.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(20).build());
        // {"url":"a","url":"b"}: parsers disagree on which one wins, so neither does
        JSON.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    }

    private final ObjectNode object;
    private final JsonFields fields;

    private JsonBody(ObjectNode object) {
        this.object = object;
        // the first problem answers the request: 400, naming the field and the rule
        this.fields = new JsonFields(object, (field, rule) -> {
            throw ApiException.badRequest("field '" + field + "' " + rule);
        });
    }

    /** The body as a JSON object with no fields but {@code allowed}. */
    public static JsonBody of(ApiRequest request, Set<String> allowed) {
        String type = request.header("content-type");
        String media = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !media.endsWith("+json")) {
            throw ApiException.unsupportedMediaType(
                    "the body must be application/json" + (type == null ? "" : ", not " + type));
        }
        String body = request.body() == null ? "" : request.body();
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ApiException.tooLarge("the body is over " + MAX_BYTES + " bytes");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.lookingAt()) {
                throw ApiException.badRequest("field '" + duplicate.group(1) + "' appears more than once");
            }
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field '" + name + "'; the fields are " + List.copyOf(allowed));
            }
        }
        return new JsonBody((ObjectNode) node);
    }

    /** A string field that must be present, non-blank, at most {@code maxLength} characters. */
    public String requiredText(String field, int maxLength) {
        String value = optionalText(field, maxLength);
        if (value == null) {
            throw ApiException.badRequest("field '" + field + "' is required");
        }
        return value;
    }

    public String optionalText(String field, int maxLength) {
        String value = fields.text(field, false);
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw ApiException.badRequest("field '" + field + "' must be at most " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("field '" + field + "' must not contain control characters");
        }
        return value;
    }

    public boolean optionalBoolean(String field, boolean fallback) {
        return fields.bool(field, fallback);
    }

    /** A whole number field in [min, max], or {@code fallback} when absent. */
    public int optionalInt(String field, int min, int max, int fallback) {
        return (int) fields.integer(field, min, max, fallback);
    }

    /** An array of strings (each non-blank, at most {@code maxLength}), at most {@code maxItems}; empty when absent. */
    public List<String> optionalTextArray(String field, int maxItems, int maxLength) {
        JsonNode node = fields.node(field);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("field '" + field + "' must be an array of strings");
        }
        if (node.size() > maxItems) {
            throw ApiException.badRequest(
                    "field '" + field + "' must hold at most " + maxItems + " entries, not " + node.size());
        }
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String name = field + "[" + i + "]";
            if (!item.isTextual() || item.asText().isBlank()) {
                throw ApiException.badRequest("field '" + name + "' must be a non-empty string");
            }
            if (item.asText().length() > maxLength || item.asText().chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badRequest(
                        "field '" + name + "' must be at most " + maxLength + " characters without control characters");
            }
            values.add(item.asText());
        }
        return values;
    }

    /** A path segment used as an id: 1 to 128 of letters, digits and {@code . _ : -}, not starting with a dot. */
    public static String id(ApiRequest request, String name) {
        String value = request.pathParam(name);
        if (value == null || !ID.matcher(value).matches()) {
            throw ApiException.badRequest("path parameter '" + name + "' must be 1 to 128 letters, digits or . _ : - "
                    + "(starting with a letter or digit)");
        }
        return value;
    }
}
