package io.backupwebhooks.testing;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Calls the admin function through the Lambda Runtime API with the API Gateway HTTP API (payload 2.0) event that
 * API Gateway would send after its JWT authorizer verified a token carrying {@code account}.
 */
public final class Api {

    /** The function's answer: status, headers, and the body parsed as JSON (null when empty). */
    public record Reply(int status, JsonNode headers, String rawBody) {
        public JsonNode json() {
            return rawBody == null || rawBody.isEmpty() ? null : Samples.tree(rawBody);
        }

        public String header(String name) {
            return headers.path(name).asText(null);
        }

        public String detail() {
            return json().path("detail").asText();
        }
    }

    private final String account;

    private Api(String account) {
        this.account = account;
    }

    public static Api as(String account) {
        return new Api(account);
    }

    public static Api anonymous() {
        return new Api(null);
    }

    public Reply get(String path) {
        return call("GET", path, null, null);
    }

    public Reply delete(String path) {
        return call("DELETE", path, null, null);
    }

    public Reply post(String path) {
        return call("POST", path, null, null);
    }

    public Reply post(String path, String json) {
        return call("POST", path, json, "application/json");
    }

    public Reply put(String path, String json) {
        return call("PUT", path, json, "application/json");
    }

    public Reply call(String method, String path, String body, String contentType) {
        return send(event(method, path, body, contentType, account));
    }

    public static ObjectNode event(String method, String path, String body, String contentType, String account) {
        String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String rawQuery = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        ObjectNode e = Samples.JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", "$default");
        e.put("rawPath", rawPath);
        e.put("rawQueryString", rawQuery);
        ObjectNode headers = e.putObject("headers");
        headers.put("host", "api.example.com");
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        if (!rawQuery.isEmpty()) {
            ObjectNode query = e.putObject("queryStringParameters");
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(
                        kv[0],
                        java.net.URLDecoder.decode(
                                kv.length > 1 ? kv[1] : "", java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        ObjectNode context = e.putObject("requestContext");
        context.put("domainName", "api.example.com");
        context.putObject("http").put("method", method).put("path", rawPath);
        if (account != null) {
            context.putObject("authorizer")
                    .putObject("jwt")
                    .putObject("claims")
                    .put("account", account)
                    .put("sub", "admin-1");
        }
        if (body != null) {
            e.put("body", body);
        }
        e.put("isBase64Encoded", false);
        return e;
    }

    public static Reply send(JsonNode event) {
        JsonNode out = Lambda.invokeJson(event.toString());
        return new Reply(
                out.get("statusCode").asInt(),
                out.path("headers"),
                out.path("body").asText(null));
    }

    public static String json(Map<String, ?> fields) {
        return Samples.JSON.valueToTree(fields).toString();
    }
}
