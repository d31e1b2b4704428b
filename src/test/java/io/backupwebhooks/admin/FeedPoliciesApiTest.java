package io.backupwebhooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.delivery.PolicyFeed;
import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.Api.Reply;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.FunctionProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * One owner per policy (spec §5): policies of the backup service's feed are read-only in the admin API (409 naming
 * the backup service), API-made ones stay editable; reads show {@code source} and {@code version}. The feed only
 * arranges here (PolicyFeedTest runs it through the delivery function).
 */
@QuarkusTest
@TestProfile(FunctionProfile.Admin.class)
class FeedPoliciesApiTest {

    @Inject
    PolicyFeed feed;

    @Test
    void givenAFeedPolicyAndAnApiPolicy_whenChangedThroughTheApi_thenOnlyTheApiOneChangesAndTheFeedOneAnswers409() {
        String account = "OWN" + UUID.randomUUID().toString().substring(0, 8);
        feedMessages(
                account,
                "{\"type\":\"ACCOUNT_POLICY\",\"account\":\"%s\",\"accountPolicyId\":\"fed\",\"name\":\"Nightly\","
                        + "\"schedule\":\"R/2026-01-01T22:00:00Z/PT24H\",\"timezone\":\"Europe/Berlin\",\"version\":7}",
                "{\"type\":\"SERVER_POLICY\",\"account\":\"%s\",\"accountPolicyId\":\"fed\",\"serverPolicyId\":\"s1\","
                        + "\"server\":\"db-1\",\"storageRegion\":\"EU\",\"enabled\":true,\"version\":3}");
        Api api = Api.as(account);
        assertEquals(
                201,
                api.put(
                                "/policies/typed",
                                Api.json(Map.of("name", "Typed", "schedule", "0 2 * * *", "timezone", "UTC")))
                        .status());

        JsonNode list = api.get("/policies").json().get("policies");
        assertEquals("fed", list.get(0).get("accountPolicyId").asText());
        assertEquals("feed", list.get(0).get("source").asText());
        assertEquals(7, list.get(0).get("version").asLong());
        assertEquals("R/2026-01-01T22:00:00Z/PT24H", list.get(0).get("schedule").asText());
        assertEquals("api", list.get(1).get("source").asText());
        assertTrue(list.get(1).get("version").isNull());
        JsonNode server = api.get("/policies/fed/servers").json().get("servers").get(0);
        assertEquals("feed", server.get("source").asText());
        assertEquals(3, server.get("version").asLong());

        for (Reply refused : new Reply[] {
            api.put("/policies/fed", Api.json(Map.of("name", "Mine", "schedule", "0 3 * * *"))),
            api.delete("/policies/fed"),
            api.put("/policies/fed/servers/s2", Api.json(Map.of("server", "db-2", "storageRegion", "EU"))),
            api.delete("/policies/fed/servers/s1")
        }) {
            assertEquals(409, refused.status(), refused.rawBody());
            assertTrue(refused.detail().contains("backup service"), refused.detail());
        }
        assertEquals("Nightly", api.get("/policies/fed").json().get("name").asText(), "unchanged");
        assertEquals(
                200,
                api.put("/policies/typed", Api.json(Map.of("name", "Typed 2", "schedule", "0 3 * * *")))
                        .status(),
                "API-made policies stay editable");
        assertEquals(204, api.delete("/policies/typed").status());
    }

    @Test
    void givenAFeedPolicyDeleted_whenRead_thenItIsGoneAndItsIdStaysTheBackupServices() {
        String account = "OWN" + UUID.randomUUID().toString().substring(0, 8);
        feedMessages(
                account,
                "{\"type\":\"ACCOUNT_POLICY\",\"account\":\"%s\",\"accountPolicyId\":\"fed\",\"name\":\"Nightly\","
                        + "\"schedule\":\"0 2 * * *\",\"version\":1}",
                "{\"type\":\"ACCOUNT_POLICY\",\"account\":\"%s\",\"accountPolicyId\":\"fed\",\"version\":2,"
                        + "\"deleted\":true}");
        Api api = Api.as(account);

        assertEquals(404, api.get("/policies/fed").status());
        assertEquals(0, api.get("/policies").json().get("policies").size());
        Reply retyped = api.put("/policies/fed", Api.json(Map.of("name", "Mine", "schedule", "0 3 * * *")));
        assertEquals(409, retyped.status(), "a late message of the feed must not meet an API policy of that id");
    }

    @Test
    void givenThreeServers_whenListedTwoAPage_thenTheCursorLeadsThroughAllAndABadLimitIsNamed() {
        String account = "OWN" + UUID.randomUUID().toString().substring(0, 8);
        Api api = Api.as(account);
        api.put("/policies/p", Api.json(Map.of("name", "Nightly", "schedule", "0 2 * * *")));
        for (String id : new String[] {"a", "b", "c"}) {
            api.put("/policies/p/servers/" + id, Api.json(Map.of("server", "srv-" + id, "storageRegion", "EU")));
        }

        JsonNode first = api.get("/policies/p/servers?limit=2").json();
        JsonNode second = api.get("/policies/p/servers?limit=2&cursor="
                        + first.get("next").asText())
                .json();

        assertEquals(2, first.get("servers").size());
        assertEquals("c", second.get("servers").get(0).get("serverPolicyId").asText());
        assertTrue(second.get("next").isNull(), second.toString());
        JsonNode server = first.get("servers").get(0);
        assertTrue(server.get("nextStart").asText().endsWith("T02:00:00Z"), server.toString());
        assertTrue(server.get("lastStart").isNull());
        assertTrue(server.get("lastMissed").isNull());
        Reply bad = api.get("/policies/p/servers?limit=0");
        assertEquals(400, bad.status());
        assertTrue(bad.detail().contains("'limit'"), bad.detail());
    }

    @Test
    void givenAnIntervalSchedule_whenPutThroughTheApi_thenItIsKeptAndABadOneIsA400NamingTheRule() {
        Api api = Api.as("OWN" + UUID.randomUUID().toString().substring(0, 8));

        Reply saved = api.put(
                "/policies/p", Api.json(Map.of("name", "Twice a day", "schedule", "R/2026-01-01T08:00:00.250Z/PT12H")));
        Reply server = api.put("/policies/p/servers/s", Api.json(Map.of("server", "db", "storageRegion", "EU")));
        Reply bad = api.put(
                "/policies/q", Api.json(Map.of("name", "Too often", "schedule", "R/2026-01-01T08:00:00Z/PT30M")));

        assertEquals(201, saved.status(), saved.rawBody());
        assertEquals(
                "R/2026-01-01T08:00:00.250Z/PT12H", saved.json().get("schedule").asText());
        assertTrue(server.json().get("nextCheckAt").asText().matches(".*T(09|21):02:00\\.250Z"), server.rawBody());
        assertEquals(400, bad.status());
        assertTrue(bad.detail().contains("PT{n}H"), bad.detail());
    }

    private void feedMessages(String account, String... templates) {
        Arrange.run(() -> {
            for (String template : templates) {
                try {
                    feed.handle(template.formatted(account));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }
}
