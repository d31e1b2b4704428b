package io.backupwebhooks.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.admin.http.ApiException;
import io.backupwebhooks.admin.http.ApiRequest;
import io.backupwebhooks.admin.http.JsonBody;

/**
 * Turns an API Gateway HTTP API event (payload format 2.0) into an {@link ApiRequest}. The account comes only from
 * the claims that API Gateway's JWT authorizer verified: {@code requestContext.authorizer.jwt.claims}.
 */
final class ApiEvents {

    private ApiEvents() {}

    static ApiRequest from(JsonNode event, String accountClaim) {
        JsonNode context = event.path("requestContext");
        String method = context.path("http").path("method").asText("GET").toUpperCase(Locale.ROOT);
        String path = event.path("rawPath").asText("/");
        Map<String, String> headers = new HashMap<>();
        event.path("headers")
                .fields()
                .forEachRemaining(h -> headers.put(
                        h.getKey().toLowerCase(Locale.ROOT), h.getValue().asText()));
        Map<String, String> query = new HashMap<>();
        event.path("queryStringParameters")
                .fields()
                .forEachRemaining(q -> query.put(q.getKey(), q.getValue().asText()));
        String body = event.path("body").isTextual() ? event.path("body").asText() : null;
        if (body != null && event.path("isBase64Encoded").asBoolean(false)) {
            if (body.length() > JsonBody.MAX_BYTES * 4 / 3 + 4) {
                throw ApiException.tooLarge("the body is over " + JsonBody.MAX_BYTES + " bytes");
            }
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("the body is marked base64 but is not");
            }
        }
        JsonNode claim = context.path("authorizer").path("jwt").path("claims").path(accountClaim);
        String account = claim.isTextual() && !claim.asText().isBlank() ? claim.asText() : null;
        String domain = context.path("domainName").asText(null);
        JsonNode sub = context.path("authorizer").path("jwt").path("claims").path("sub");
        String subject = sub.isTextual() && !sub.asText().isBlank() ? sub.asText() : null;
        return new ApiRequest(method, path, headers, query, body, account, Map.of(), domain, subject);
    }
}
