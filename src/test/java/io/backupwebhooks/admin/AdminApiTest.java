package io.backupwebhooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.Api.Reply;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.Listener.Received;
import io.backupwebhooks.testing.ListenerExtension;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.SignatureCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The admin API through the Lambda Runtime API, as API Gateway (HTTP API, JWT authorizer) would call it. */
@QuarkusTest
@TestProfile(FunctionProfile.Admin.class)
class AdminApiTest {

    @RegisterExtension
    static final ListenerExtension listener = new ListenerExtension();

    @Inject
    AdminRoutes routes;

    @Inject
    io.backupwebhooks.shared.store.AccountPolicyStore policyStore;

    @Test
    void givenNoSubscription_whenAdminPutsGetsListsAndDeletesIt_thenEachAnswerIsAsSpecified() {
        Api api = Api.as(account());
        String url = listener.url("/crud", Listener.ok());

        assertEquals(404, api.get("/webhooks/SUCCESS").status());
        Reply created = api.put("/webhooks/SUCCESS", Api.json(Map.of("url", url)));
        assertEquals(201, created.status());
        JsonNode sub = created.json();
        assertEquals(
                List.of("eventType", "url", "enabled", "signed", "createdAt", "updatedAt"), Samples.fieldNames(sub));
        assertEquals("SUCCESS", sub.get("eventType").asText());
        assertEquals(url, sub.get("url").asText());
        assertTrue(sub.get("enabled").asBoolean());
        assertFalse(sub.get("signed").asBoolean());
        Instant.parse(sub.get("createdAt").asText());

        Reply changed = api.put("/webhooks/SUCCESS", Api.json(Map.of("url", url + "2", "enabled", false)));
        assertEquals(200, changed.status());
        assertFalse(changed.json().get("enabled").asBoolean());
        assertEquals(sub.get("createdAt"), changed.json().get("createdAt"));
        api.put("/webhooks/MISSING", Api.json(Map.of("url", url)));

        JsonNode list = api.get("/webhooks").json().get("webhooks");
        assertEquals(2, list.size());
        assertEquals("SUCCESS", list.get(0).get("eventType").asText());
        assertEquals(url + "2", api.get("/webhooks/SUCCESS").json().get("url").asText());

        assertEquals(204, api.delete("/webhooks/SUCCESS").status());
        assertEquals(404, api.get("/webhooks/SUCCESS").status());
        Reply again = api.delete("/webhooks/SUCCESS");
        assertEquals(404, again.status());
        assertEquals("application/problem+json", again.header("Content-Type"));
        assertEquals(List.of("type", "title", "status", "detail"), Samples.fieldNames(again.json()));
        assertEquals(404, again.json().get("status").asInt());
    }

    @Test
    void givenSubscription_whenSecretIsRotatedAndATestSent_thenShownOnceAndBothSignaturesVerify() {
        Api api = Api.as(account());
        assertEquals(404, api.post("/webhooks/FAILED/secret").status());
        api.put("/webhooks/FAILED", Api.json(Map.of("url", listener.url("/rotation", Listener.ok()))));

        String first = api.post("/webhooks/FAILED/secret").json().get("secret").asText();
        String second = api.post("/webhooks/FAILED/secret").json().get("secret").asText();

        assertTrue(first.startsWith("whsec_") && second.startsWith("whsec_"));
        assertTrue(java.util.Base64.getDecoder().decode(second.substring(6)).length >= 24);
        assertNotEquals(first, second);
        Reply read = api.get("/webhooks/FAILED");
        assertTrue(read.json().get("signed").asBoolean());
        assertFalse(read.rawBody().contains(second.substring(6)), "secrets are never returned by GET");
        assertFalse(api.get("/webhooks").rawBody().contains("whsec_"));

        Reply test = api.post("/webhooks/FAILED/test");
        assertEquals(200, test.status());
        assertTrue(test.json().get("delivered").asBoolean());
        Received post = listener.received("/rotation").get(0);
        String[] signatures = post.header("webhook-signature").split(" ");
        assertEquals(2, signatures.length);
        for (String secret : List.of(first, second)) {
            assertTrue(SignatureCheck.verifies(secret, post));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SUCCESS", "PARTIAL_SUCCESS", "FAILED", "MISSING"})
    void givenSubscription_whenTestSent_thenListenerGetsTheSamplePayloadAndTheAttemptIsListed(String type) {
        Api api = Api.as(account());
        String path = "/test/" + type + "/" + UUID.randomUUID();
        api.put("/webhooks/" + type, Api.json(Map.of("url", listener.url(path, Listener.ok()))));

        Reply test = api.post("/webhooks/" + type + "/test");

        assertEquals(200, test.status());
        assertTrue(test.json().get("delivered").asBoolean());
        assertEquals(200, test.json().get("statusCode").asInt());
        assertTrue(test.json().get("durationMs").asLong() >= 0);
        String sample = type.toLowerCase().replace('_', '-');
        assertEquals(
                Samples.tree(Samples.read("payloads/" + sample + ".json")),
                Samples.tree(listener.received(path).get(0).body()));
        JsonNode deliveries = api.get("/webhooks/" + type + "/deliveries").json();
        assertEquals(1, deliveries.get("deliveries").size());
        JsonNode d = deliveries.get("deliveries").get(0);
        assertEquals(
                List.of(
                        "id",
                        "eventId",
                        "eventType",
                        "url",
                        "attemptedAt",
                        "outcome",
                        "statusCode",
                        "durationMs",
                        "error",
                        "resendOf",
                        "requestedBy",
                        "resendable",
                        "latestResend"),
                Samples.fieldNames(d));
        // a test send's sample is not kept: it is never resent
        assertFalse(d.get("resendable").asBoolean());
        assertTrue(d.get("resendOf").isNull());
        assertEquals("DELIVERED", d.get("outcome").asText());
        assertEquals(test.json().get("eventId").asText(), d.get("eventId").asText());
        assertTrue(deliveries.get("next").isNull());
    }

    @Test
    void givenFiveAttempts_whenDeliveriesArePaged_thenNewestFirstWithAnOpaqueCursor() {
        Api api = Api.as(account());
        api.put(
                "/webhooks/SUCCESS",
                Api.json(Map.of("url", listener.url("/paged", new Listener.Status(500, java.time.Duration.ZERO)))));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(0, api.post("/webhooks/SUCCESS/test").json().get("eventId").asText());
            sleep(5);
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = api.get("/webhooks/SUCCESS/deliveries?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status());
            assertTrue(page.json().get("deliveries").size() <= 2);
            page.json().get("deliveries").forEach(d -> {
                seen.add(d.get("eventId").asText());
                assertEquals("FAILED", d.get("outcome").asText());
                assertEquals(500, d.get("statusCode").asInt());
            });
            cursor = page.json().get("next").isNull()
                    ? null
                    : page.json().get("next").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertEquals(sent, seen);
        assertEquals(
                5,
                api.get("/webhooks/SUCCESS/deliveries").json().get("deliveries").size());
    }

    @Test
    void givenPolicyWithServers_whenEditedAndDeleted_thenServersFollowIt() {
        Api api = Api.as(account());
        assertEquals(
                404,
                api.put("/policies/p1/servers/s1", Api.json(Map.of("server", "a", "storageRegion", "b")))
                        .status());
        Reply created = api.put(
                "/policies/p1",
                Api.json(Map.of("name", "Nightly", "schedule", "0 2 * * *", "timezone", "Europe/Berlin")));
        assertEquals(201, created.status());
        assertEquals(
                List.of(
                        "accountPolicyId",
                        "name",
                        "schedule",
                        "timezone",
                        "createdAt",
                        "updatedAt",
                        "source",
                        "version"),
                Samples.fieldNames(created.json()));
        assertEquals(
                201,
                api.put("/policies/p1/servers/s1", Api.json(Map.of("server", "web-1", "storageRegion", "US EAST")))
                        .status());
        Reply server = api.put(
                "/policies/p1/servers/s1",
                Api.json(Map.of("server", "web-1b", "storageRegion", "US EAST", "enabled", true)));
        assertEquals(200, server.status());
        assertEquals("web-1b", server.json().get("server").asText());
        String firstCheck = server.json().get("nextCheckAt").asText();
        assertTrue(Instant.parse(firstCheck).isAfter(Instant.now()));

        assertEquals(
                200,
                api.put("/policies/p1", Api.json(Map.of("name", "Hourly", "schedule", "30 * * * *")))
                        .status());
        JsonNode servers = api.get("/policies/p1/servers").json().get("servers");
        assertEquals(1, servers.size());
        assertNotEquals(firstCheck, servers.get(0).get("nextCheckAt").asText(), "a new schedule moves the next check");
        assertEquals("UTC", api.get("/policies/p1").json().get("timezone").asText());
        assertEquals(1, api.get("/policies").json().get("policies").size());

        Reply disabled = api.put(
                "/policies/p1/servers/s1",
                Api.json(Map.of("server", "web-1b", "storageRegion", "US EAST", "enabled", false)));
        assertTrue(disabled.json().get("nextCheckAt").isNull(), "a disabled server policy is not checked");

        assertEquals(204, api.delete("/policies/p1/servers/s1").status());
        assertEquals(404, api.delete("/policies/p1/servers/s1").status());
        api.put("/policies/p1/servers/s2", Api.json(Map.of("server", "x", "storageRegion", "y")));
        assertEquals(204, api.delete("/policies/p1").status());
        assertEquals(404, api.get("/policies/p1").status());
        assertEquals(404, api.get("/policies/p1/servers").status());
        api.put("/policies/p1", Api.json(Map.of("name", "Again", "schedule", "0 2 * * *")));
        assertEquals(0, api.get("/policies/p1/servers").json().get("servers").size(), "servers went with the policy");
    }

    @Test
    void givenPolicyEditThatStoppedHalfway_whenTheSameEditIsSentAgain_thenTheServerPoliciesAreRescheduled() {
        String account = account();
        Api api = Api.as(account);
        api.put("/policies/half", Api.json(Map.of("name", "Weekly", "schedule", "0 3 * * SUN")));
        api.put("/policies/half/servers/s", Api.json(Map.of("server", "db", "storageRegion", "EU")));
        String weekly = api.get("/policies/half/servers")
                .json()
                .at("/servers/0/nextCheckAt")
                .asText();
        // the first attempt wrote the account policy and died before its server policies
        Instant now = Instant.now();
        Arrange.run(() -> policyStore.put(new io.backupwebhooks.shared.store.AccountPolicy(
                account, "half", "Hourly", "0 * * * *", "UTC", now, now)));

        assertEquals(
                200,
                api.put("/policies/half", Api.json(Map.of("name", "Hourly", "schedule", "0 * * * *")))
                        .status());

        Instant next = Instant.parse(api.get("/policies/half/servers")
                .json()
                .at("/servers/0/nextCheckAt")
                .asText());
        assertNotEquals(weekly, next.toString());
        assertTrue(next.isBefore(now.plus(java.time.Duration.ofHours(2).plusMinutes(5))), "checked within the hour");
    }

    @Test
    void givenTwoAccounts_whenOneUsesTheOthersIds_thenEveryRouteAnswers404AndNothingChanges() {
        Api owner = Api.as(account());
        Api other = Api.as(account());
        owner.put("/webhooks/SUCCESS", Api.json(Map.of("url", listener.url("/owned", Listener.ok()))));
        owner.put("/policies/owned", Api.json(Map.of("name", "Mine", "schedule", "0 1 * * *")));
        owner.put("/policies/owned/servers/srv", Api.json(Map.of("server", "a", "storageRegion", "b")));
        String before = snapshot(owner);

        assertEquals(404, other.get("/webhooks/SUCCESS").status());
        assertEquals(404, other.delete("/webhooks/SUCCESS").status());
        assertEquals(404, other.post("/webhooks/SUCCESS/secret").status());
        assertEquals(404, other.post("/webhooks/SUCCESS/test").status());
        assertEquals(
                0,
                other.get("/webhooks/SUCCESS/deliveries")
                        .json()
                        .get("deliveries")
                        .size());
        assertEquals(0, other.get("/webhooks").json().get("webhooks").size());
        assertEquals(404, other.get("/policies/owned").status());
        assertEquals(404, other.delete("/policies/owned").status());
        assertEquals(404, other.get("/policies/owned/servers").status());
        assertEquals(
                404,
                other.put("/policies/owned/servers/srv", Api.json(Map.of("server", "x", "storageRegion", "y")))
                        .status());
        assertEquals(404, other.delete("/policies/owned/servers/srv").status());
        assertEquals(0, other.get("/policies").json().get("policies").size());

        assertEquals(before, snapshot(owner));
        assertEquals(0, listener.received("/owned").size());
    }

    @Test
    void givenNoAccountClaim_whenAnyRouteIsCalled_thenEach401() {
        for (var route : routes.router().routes()) {
            if (route.open()) { // the Webhooks page and its files: served to anyone, the page then signs in
                assertEquals(200, Api.anonymous().get(route.pattern()).status(), route.toString());
                continue;
            }
            String path = route.pattern()
                    .replace("{eventType}", "SUCCESS")
                    .replace("{accountPolicyId}", "p")
                    .replace("{serverPolicyId}", "s");
            Reply reply = Api.anonymous().call(route.method(), path, "{}", "application/json");
            assertEquals(401, reply.status(), route.toString());
            assertEquals("application/problem+json", reply.header("Content-Type"));
        }
        Reply emptyClaim = Api.send(Api.event("GET", "/webhooks", null, null, ""));
        assertEquals(401, emptyClaim.status());
        assertEquals(401, Api.anonymous().get("/no/such/route").status());
    }

    @Test
    void givenUnknownRouteOrWrongMethod_whenCalled_then404Or405WithAllow() {
        Api api = Api.as(account());
        assertEquals(404, api.get("/nothing-here").status());
        Reply wrong = api.call("PATCH", "/webhooks/SUCCESS", "{}", "application/json");
        assertEquals(405, wrong.status());
        assertEquals("GET, PUT, DELETE", wrong.header("Allow"));
        assertEquals(
                405, api.call("POST", "/policies", "{}", "application/json").status());
    }

    @Test
    void givenTheRouter_whenComparedWithOpenApi_thenEveryRouteIsDocumentedAndNothingElse() {
        JsonNode doc = Api.as(account()).get("/openapi.json").json();
        List<String> documented = new ArrayList<>();
        doc.get("paths")
                .fields()
                .forEachRemaining(p -> p.getValue()
                        .fieldNames()
                        .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
        List<String> routed = routes.router().routes().stream()
                .filter(r -> !r.open())
                .map(r -> r.method() + " " + r.pattern())
                .toList();

        assertEquals(
                routed.stream().sorted().toList(), documented.stream().sorted().toList());
        assertEquals("3.1.0", doc.get("openapi").asText());
    }

    static String snapshot(Api api) {
        return api.get("/webhooks").rawBody()
                + api.get("/policies").rawBody()
                + api.get("/policies/owned/servers").rawBody();
    }

    static String account() {
        return "ACC" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
