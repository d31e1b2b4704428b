package io.backupwebhooks.admin.http;

import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request that cannot be served; it becomes an {@code application/problem+json} answer (RFC 9457). */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final Map<String, String> headers;

    public ApiException(int status, String title, String detail, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.headers = headers;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad Request", detail, Map.of());
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail, Map.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not Found", detail, Map.of());
    }

    public static ApiException methodNotAllowed(String method, String allow) {
        return new ApiException(
                405, "Method Not Allowed", method + " is not allowed here; allowed: " + allow, Map.of("Allow", allow));
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail, Map.of());
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(413, "Content Too Large", detail, Map.of());
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, "Unsupported Media Type", detail, Map.of());
    }

    /** A service we depend on (SES, say) failed the request; nothing half-done is kept. */
    public static ApiException unavailable(String detail) {
        return new ApiException(503, "Service Unavailable", detail, Map.of());
    }

    /** Our own failure; the detail says no more than that (the cause goes to the log). */
    public static ApiException internal() {
        return new ApiException(
                500, "Internal Server Error", "the request could not be completed; try again", Map.of());
    }

    public int status() {
        return status;
    }

    public ApiResponse toResponse() {
        ObjectNode problem = JsonNodeFactory.instance.objectNode();
        problem.put(
                "type",
                "https://backup-webhooks.dev/problems/" + title.toLowerCase().replace(' ', '-'));
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", getMessage());
        ApiResponse response =
                new ApiResponse(status, Map.of("Content-Type", "application/problem+json"), problem.toString());
        for (Map.Entry<String, String> h : headers.entrySet()) {
            response = response.withHeader(h.getKey(), h.getValue());
        }
        return response;
    }
}
