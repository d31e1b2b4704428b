package io.backupwebhooks.admin.http;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An HTTP answer; {@link #toLambda()} is the API Gateway (payload 2.0) response. */
public record ApiResponse(int status, Map<String, String> headers, String body) {

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json"), body.toString());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), "");
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new ApiResponse(status, all, body);
    }

    public ObjectNode toLambda() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("statusCode", status);
        ObjectNode h = out.putObject("headers");
        headers.forEach(h::put);
        // every answer, JSON and problems included, is only ever what its Content-Type says
        h.put("X-Content-Type-Options", "nosniff");
        out.put("body", body);
        out.put("isBase64Encoded", false);
        return out;
    }
}
