package io.backupwebhooks.admin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict JSON body reader on its own: media type, size, syntax, known fields and field rules. */
class JsonBodyTest {

    static final Set<String> FIELDS = Set.of("url", "enabled");

    static ApiRequest request(String contentType, String body) {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        return new ApiRequest("PUT", "/webhooks/SUCCESS", headers, Map.of(), body, "ACC", Map.of());
    }

    static JsonBody body(String json) {
        return JsonBody.of(request("application/json", json), FIELDS);
    }

    static void assertProblem(int status, String detail, Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(status, e.status());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/json",
                "application/json; charset=utf-8",
                "Application/JSON",
                "application/merge-patch+json"
            })
    void givenAJsonMediaType_whenRead_thenAccepted(String type) {
        assertEquals(
                "http://x/",
                JsonBody.of(request(type, "{\"url\":\"http://x/\"}"), FIELDS).requiredText("url", 99));
    }

    @Test
    void givenAnotherOrNoMediaType_whenRead_then415() {
        assertProblem(415, "not text/plain", () -> JsonBody.of(request("text/plain", "{}"), FIELDS));
        assertProblem(415, "must be application/json", () -> JsonBody.of(request(null, "{}"), FIELDS));
    }

    @Test
    void givenABodyOverTheLimitInBytes_whenRead_then413() {
        String big = "{\"url\":\"" + "é".repeat(JsonBody.MAX_BYTES / 2) + "\"}";
        assertProblem(413, "over " + JsonBody.MAX_BYTES + " bytes", () -> body(big));
    }

    @Test
    void givenMalformedOrNonObjectJson_whenRead_then400() {
        assertProblem(400, "not valid JSON", () -> body("{\"url\":"));
        assertProblem(400, "must be a JSON object", () -> body("[1]"));
        assertProblem(400, "must be a JSON object", () -> body(""));
        assertProblem(400, "not valid JSON", () -> body("[".repeat(50) + "]".repeat(50)));
    }

    @Test
    void givenAnUnknownField_whenRead_then400NamingIt() {
        assertProblem(400, "unknown field 'secret'", () -> body("{\"url\":\"http://x/\",\"secret\":\"s\"}"));
    }

    @Test
    void givenTextFields_whenReadByTheirRules_thenEachBrokenRuleIsNamed() {
        assertProblem(400, "field 'url' is required", () -> body("{}").requiredText("url", 10));
        assertProblem(
                400, "field 'url' is required", () -> body("{\"url\":null}").requiredText("url", 10));
        assertProblem(
                400, "field 'url' must be a string", () -> body("{\"url\":5}").requiredText("url", 10));
        assertProblem(400, "must not be empty", () -> body("{\"url\":\"  \"}").requiredText("url", 10));
        assertProblem(
                400, "at most 3 characters", () -> body("{\"url\":\"abcd\"}").requiredText("url", 3));
        assertProblem(
                400, "control characters", () -> body("{\"url\":\"a\\u0007b\"}").requiredText("url", 10));
        assertNull(body("{}").optionalText("url", 10));
        assertEquals("abc", body("{\"url\":\"abc\"}").optionalText("url", 3));
    }

    @Test
    void givenABooleanField_whenRead_thenItsValueTheFallbackOr400() {
        assertTrue(body("{}").optionalBoolean("enabled", true));
        assertFalse(body("{\"enabled\":false}").optionalBoolean("enabled", true));
        assertTrue(body("{\"enabled\":null}").optionalBoolean("enabled", true));
        assertProblem(
                400,
                "must be true or false",
                () -> body("{\"enabled\":\"false\"}").optionalBoolean("enabled", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "2f62f2a3-d1be-496e-ab0a-e2fa25c4b152", "ap.1_x:y-z"})
    void givenAGoodId_whenReadFromThePath_thenItIsReturned(String id) {
        ApiRequest request = request("application/json", "{}").withPath(Map.of("accountPolicyId", id));
        assertEquals(id, JsonBody.id(request, "accountPolicyId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {".hidden", "-dash", "a b", "a/b", "é"})
    void givenABadId_whenReadFromThePath_then400(String id) {
        ApiRequest request = request("application/json", "{}").withPath(Map.of("accountPolicyId", id));
        assertProblem(400, "path parameter 'accountPolicyId'", () -> JsonBody.id(request, "accountPolicyId"));
    }

    @Test
    void givenAnIdOf129Characters_whenReadFromThePath_then400() {
        ApiRequest request = request("application/json", "{}").withPath(Map.of("id", "a".repeat(129)));
        assertProblem(400, "1 to 128", () -> JsonBody.id(request, "id"));
        assertEquals("a".repeat(128), JsonBody.id(request.withPath(Map.of("id", "a".repeat(128))), "id"));
    }
}
