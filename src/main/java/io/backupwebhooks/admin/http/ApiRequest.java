package io.backupwebhooks.admin.http;

import java.util.Map;

/**
 * One API call, taken from an API Gateway HTTP API (payload 2.0) event. {@code account} is the verified JWT claim,
 * or null; header names are lower case; {@code path} holds the values of the route's {@code {name}} segments;
 * {@code domainName} is the domain API Gateway received the call on ({@code requestContext.domainName}: its own, not
 * the client's Host header), null outside API Gateway; {@code subject} is the token's {@code sub} claim (who asked, for
 * the records of what they did), or null.
 */
public record ApiRequest(
        String method,
        String rawPath,
        Map<String, String> headers,
        Map<String, String> query,
        String body,
        String account,
        Map<String, String> path,
        String domainName,
        String subject) {

    public ApiRequest(
            String method,
            String rawPath,
            Map<String, String> headers,
            Map<String, String> query,
            String body,
            String account,
            Map<String, String> path) {
        this(method, rawPath, headers, query, body, account, path, null, null);
    }

    public ApiRequest withPath(Map<String, String> values) {
        return new ApiRequest(method, rawPath, headers, query, body, account, values, domainName, subject);
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The query parameter {@code limit}: {@code fallback} when absent, else a whole number from 1 to {@code max}. */
    public int limit(int fallback, int max) {
        String raw = query.get("limit");
        if (raw == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the error
        }
        throw ApiException.badRequest("query parameter 'limit' must be a whole number from 1 to " + max);
    }

    public String pathParam(String name) {
        return path.get(name);
    }
}
