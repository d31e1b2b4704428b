package io.backupwebhooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.Api.Reply;
import io.backupwebhooks.testing.FunctionProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Malformed requests: each gets the right 4xx with a problem that says what is wrong, and changes nothing. */
@QuarkusTest
@TestProfile(FunctionProfile.Admin.class)
class AdminValidationTest {

    private static final String JSON = "application/json";
    private static final String ACCOUNT = "VALIDATION";
    private static final String PUBLIC = "http://93.184.216.34/hook";

    private final Api api = Api.as(ACCOUNT);

    @BeforeEach
    void seed() {
        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", PUBLIC)));
        api.put("/policies/base", Api.json(Map.of("name", "Base", "schedule", "0 3 * * *")));
        api.put("/policies/base/servers/srv", Api.json(Map.of("server", "db-1", "storageRegion", "EU")));
    }

    static Stream<Arguments> malformed() {
        String webhook = "/webhooks/SUCCESS";
        String policy = "/policies/base";
        String server = "/policies/base/servers/srv";
        return Stream.of(
                bad("not JSON", "PUT", webhook, "{url: nope", 400, "not valid JSON"),
                bad("JSON array", "PUT", webhook, "[]", 400, "must be a JSON object"),
                bad("JSON string", "PUT", webhook, "\"http://x\"", 400, "must be a JSON object"),
                bad("empty body", "PUT", webhook, "", 400, "must be a JSON object"),
                bad("url missing", "PUT", webhook, "{}", 400, "field 'url' is required"),
                bad("url a number", "PUT", webhook, "{\"url\":5}", 400, "field 'url' must be a string"),
                bad(
                        "enabled a string",
                        "PUT",
                        webhook,
                        "{\"url\":\"" + PUBLIC + "\",\"enabled\":\"yes\"}",
                        400,
                        "field 'enabled' must be true or false"),
                bad(
                        "unknown field",
                        "PUT",
                        webhook,
                        "{\"url\":\"" + PUBLIC + "\",\"secret\":\"x\"}",
                        400,
                        "unknown field 'secret'"),
                bad("ftp scheme", "PUT", webhook, url("ftp://example.com/x"), 400, "absolute http or https"),
                bad("relative URL", "PUT", webhook, url("/hooks/1"), 400, "absolute http or https"),
                bad("javascript URL", "PUT", webhook, url("javascript:alert(1)"), 400, "absolute http or https"),
                bad("user-info", "PUT", webhook, url("http://user:pw@93.184.216.34/"), 400, "user-info"),
                bad("URL over 2048", "PUT", webhook, url("http://93.184.216.34/" + "a".repeat(2040)), 400, "over 2048"),
                bad("space in host", "PUT", webhook, url("http://exa mple.com/"), 400, "without spaces"),
                bad("cyrillic look-alike host", "PUT", webhook, url("http://ex\u0430mple.com/"), 400, "punycode"),
                bad(
                        "right-to-left override",
                        "PUT",
                        webhook,
                        url("http://93.184.216.34/\u202egnp.exe"),
                        400,
                        "must be ASCII"),
                bad("private 10/8", "PUT", webhook, url("http://10.0.0.1/"), 400, "not on the public internet"),
                bad("private 192.168", "PUT", webhook, url("https://192.168.1.1:8443/x"), 400, "public internet"),
                bad("private 172.16", "PUT", webhook, url("http://172.16.0.1/"), 400, "public internet"),
                bad(
                        "metadata",
                        "PUT",
                        webhook,
                        url("http://169.254.169.254/latest/meta-data/"),
                        400,
                        "public internet"),
                bad("10/8 as one number", "PUT", webhook, url("http://167772161/"), 400, "public internet"),
                bad("10/8 in hex", "PUT", webhook, url("http://0x0a.0.0.1/"), 400, "public internet"),
                bad("10/8 in octal", "PUT", webhook, url("http://012.0.0.1/"), 400, "public internet"),
                bad("IPv4-mapped private", "PUT", webhook, url("http://[::ffff:10.0.0.1]/"), 400, "public internet"),
                bad("IPv6 unique local (IMDS)", "PUT", webhook, url("http://[fd00:ec2::254]/"), 400, "public internet"),
                bad("IPv6 link-local", "PUT", webhook, url("http://[fe80::1]/"), 400, "public internet"),
                bad("underscore host", "PUT", webhook, url("http://bad_host.example/"), 400, "usual dotted form"),
                bad("unspecified", "PUT", webhook, url("http://0.0.0.0/"), 400, "public internet"),
                bad("CGNAT", "PUT", webhook, url("http://100.64.0.1/"), 400, "public internet"),
                bad("unknown event type", "PUT", "/webhooks/EXPLODED", url(PUBLIC), 400, "'eventType' must be one of"),
                bad("lower-case event type", "GET", "/webhooks/success", null, 400, "'eventType' must be one of"),
                bad("text/plain body", "PUT", webhook, url(PUBLIC), "text/plain", 415, "application/json"),
                bad("no content type", "PUT", webhook, url(PUBLIC), null, 415, "application/json"),
                bad("body over 64 KiB", "PUT", webhook, "{\"url\":\"" + "a".repeat(70_000) + "\"}", 413, "65536"),
                bad(
                        "deeply nested",
                        "PUT",
                        webhook,
                        "{\"url\":" + "[".repeat(1000) + "]".repeat(1000) + "}",
                        400,
                        "not valid JSON"),
                bad("bad cron", "PUT", policy, "{\"name\":\"n\",\"schedule\":\"61 * * * *\"}", 400, "schedule '61"),
                bad("four-field cron", "PUT", policy, "{\"name\":\"n\",\"schedule\":\"* * * *\"}", 400, "schedule"),
                bad(
                        "unknown time zone",
                        "PUT",
                        policy,
                        "{\"name\":\"n\",\"schedule\":\"0 1 * * *\",\"timezone\":\"Mars/Olympus\"}",
                        400,
                        "timezone"),
                bad(
                        "name too long",
                        "PUT",
                        policy,
                        "{\"name\":\"" + "n".repeat(300) + "\",\"schedule\":\"0 1 * * *\"}",
                        400,
                        "at most 256"),
                bad(
                        "NUL in name",
                        "PUT",
                        policy,
                        "{\"name\":\"a\\u0000b\",\"schedule\":\"0 1 * * *\"}",
                        400,
                        "control characters"),
                bad("schedule missing", "PUT", policy, "{\"name\":\"n\"}", 400, "field 'schedule' is required"),
                bad(
                        "path traversal id",
                        "PUT",
                        "/policies/..%2F..%2Fetc",
                        "{\"name\":\"n\",\"schedule\":\"0 1 * * *\"}",
                        400,
                        "'accountPolicyId'"),
                bad("dot id", "GET", "/policies/.hidden", null, 400, "'accountPolicyId'"),
                bad("id over 128", "GET", "/policies/" + "p".repeat(129), null, 400, "'accountPolicyId'"),
                bad(
                        "server a number",
                        "PUT",
                        server,
                        "{\"server\":1,\"storageRegion\":\"EU\"}",
                        400,
                        "field 'server' must be a string"),
                bad("region missing", "PUT", server, "{\"server\":\"db\"}", 400, "field 'storageRegion' is required"),
                bad(
                        "server enabled a number",
                        "PUT",
                        server,
                        "{\"server\":\"db\",\"storageRegion\":\"EU\",\"enabled\":1}",
                        400,
                        "'enabled' must be true or false"),
                bad(
                        "server of a missing policy",
                        "PUT",
                        "/policies/nope/servers/srv",
                        "{\"server\":\"db\",\"storageRegion\":\"EU\"}",
                        404,
                        "no account policy nope"),
                bad("limit zero", "GET", webhook + "/deliveries?limit=0", null, 400, "'limit'"),
                bad("limit too high", "GET", webhook + "/deliveries?limit=101", null, 400, "'limit'"),
                bad("limit not a number", "GET", webhook + "/deliveries?limit=ten", null, 400, "'limit'"),
                bad("forged cursor", "GET", webhook + "/deliveries?cursor=bm90LWEtY3Vyc29y", null, 400, "'cursor'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void givenMalformedRequest_whenSent_thenClear4xxAndTablesUnchanged(
            String name, String method, String path, String body, String contentType, int status, String detail) {
        String snapshotBefore = snapshot();

        Reply reply = api.call(method, path, body, contentType);

        assertEquals(status, reply.status(), reply.rawBody());
        assertEquals("application/problem+json", reply.header("Content-Type"));
        assertEquals(status, reply.json().get("status").asInt());
        assertTrue(reply.detail().contains(detail), reply.detail());
        assertEquals(snapshotBefore, snapshot(), "nothing was written");
    }

    private String snapshot() {
        return api.get("/webhooks").rawBody()
                + api.get("/policies").rawBody()
                + api.get("/policies/base/servers").rawBody();
    }

    private static Arguments bad(String name, String method, String path, String body, int status, String detail) {
        return bad(name, method, path, body, body == null ? null : JSON, status, detail);
    }

    private static Arguments bad(
            String name, String method, String path, String body, String type, int status, String detail) {
        return Arguments.of(name, method, path, body, type, status, detail);
    }

    private static String url(String url) {
        return Api.json(Map.of("url", url));
    }
}
