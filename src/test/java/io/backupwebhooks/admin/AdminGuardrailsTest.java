package io.backupwebhooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.Api.Reply;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Listener;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The guardrails on what the scan has to watch: schedules at most hourly, and a cap on an account's server policies
 * (3 in this profile, 10,000 by default), and the resends an account may ask for in a clock hour (3 here, 2,000 by
 * default). Each refusal is a problem document that names the field and the rule.
 */
@QuarkusTest
@TestProfile(FunctionProfile.AdminSmallCap.class)
class AdminGuardrailsTest {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final io.backupwebhooks.testing.ListenerExtension listener =
            new io.backupwebhooks.testing.ListenerExtension();

    @jakarta.inject.Inject
    io.backupwebhooks.shared.webhook.WebhookDispatcher dispatcher;

    @ParameterizedTest
    @ValueSource(strings = {"*/30 * * * *", "0,30 * * * *", "* * * * *", "0-1 2 * * *", "*/15 9 * * MON-FRI"})
    void givenAScheduleWithStartsLessThanAnHourApart_whenSaved_thenItIsRefusedNamingTheFieldAndTheRule(String cron) {
        Api api = Api.as("GUARD-SCHEDULE");

        Reply reply = api.put("/policies/frequent", Api.json(Map.of("name", "Frequent", "schedule", cron)));

        assertEquals(400, reply.status(), reply.rawBody());
        assertEquals("application/problem+json", reply.header("Content-Type"));
        assertTrue(reply.detail().startsWith("schedule '" + cron + "'"), reply.detail());
        assertTrue(reply.detail().contains("at least 1 hour apart"), reply.detail());
        assertEquals(404, api.get("/policies/frequent").status(), "nothing saved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 * * * *", "30 */2 * * *", "0 2 * * *", "15 9,10,11 * * MON-FRI", "0 0 1 JAN,JUL *"})
    void givenAScheduleAtMostHourly_whenSaved_thenItIsAccepted(String cron) {
        Reply reply = Api.as("GUARD-OK").put("/policies/p", Api.json(Map.of("name", "Ok", "schedule", cron)));

        assertTrue(reply.status() == 200 || reply.status() == 201, reply.rawBody());
    }

    @Test
    void givenAnAccountAtItsCapOfServerPolicies_whenAnotherIsCreated_thenItIsRefusedButEditsAndOtherAccountsGoOn() {
        Api api = Api.as("GUARD-CAP");
        api.put("/policies/a", Api.json(Map.of("name", "A", "schedule", "0 2 * * *")));
        api.put("/policies/b", Api.json(Map.of("name", "B", "schedule", "0 3 * * *")));
        String server = Api.json(Map.of("server", "db", "storageRegion", "EU"));
        assertEquals(201, api.put("/policies/a/servers/s1", server).status());
        assertEquals(201, api.put("/policies/a/servers/s2", server).status());
        assertEquals(201, api.put("/policies/b/servers/s3", server).status());

        Reply refused = api.put("/policies/b/servers/s4", server);

        assertEquals(409, refused.status(), refused.rawBody());
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertTrue(refused.detail().startsWith("serverPolicyId 's4'"), refused.detail());
        assertTrue(refused.detail().contains("at most 3 server policies"), refused.detail());
        assertEquals(1, api.get("/policies/b/servers").json().path("servers").size(), "nothing saved");
        assertEquals(
                200,
                api.put("/policies/a/servers/s1", Api.json(Map.of("server", "db-2", "storageRegion", "EU")))
                        .status(),
                "an existing one can still be changed");
        assertEquals(
                201,
                Api.as("GUARD-CAP-OTHER")
                        .put("/policies/x", Api.json(Map.of("name", "X", "schedule", "0 2 * * *")))
                        .status());
        assertEquals(
                201,
                Api.as("GUARD-CAP-OTHER").put("/policies/x/servers/s4", server).status(),
                "the cap is per account");

        assertEquals(204, api.delete("/policies/a/servers/s2").status());
        assertEquals(201, api.put("/policies/b/servers/s4", server).status(), "room again after a delete");
    }

    @Test
    void
            givenAnAccountWithThreeResendsAnHour_whenItRecoversFiveAndAsksForMore_thenThreeAreQueuedAnd429SaysWhatIsLeft() {
        String account = "GUARD-RESEND";
        Api api = Api.as(account);
        String path = "/guard/resend";
        api.put(
                "/webhooks/FAILED",
                Api.json(Map.of("url", listener.url(path, new Listener.Status(500, java.time.Duration.ZERO)))));
        java.util.List<io.backupwebhooks.shared.store.Delivery> failed = io.backupwebhooks.testing.Seed.attempts(
                dispatcher, account, io.backupwebhooks.shared.EventType.FAILED, "{\"n\":1}", 5);
        String window = Api.json(Map.of("since", "2026-01-01T00:00:00Z"));

        Reply recovery = api.post("/webhooks/FAILED/deliveries/resend", window);
        assertEquals(202, recovery.status(), recovery.rawBody());
        assertEquals(3, recovery.json().get("queued").asInt(), "what the hour has left, of the 5 failed");
        assertFalse(recovery.json().get("next").isNull(), "the other 2 wait for the cursor");
        Reply refused = api.post("/webhooks/FAILED/deliveries/" + failed.get(4).id() + "/resend");

        assertEquals(429, refused.status(), refused.rawBody());
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertTrue(refused.detail().startsWith("resends: at most 3 a clock hour per account"), refused.detail());
        assertTrue(refused.detail().contains("this hour has 0 left"), refused.detail());
        assertTrue(Integer.parseInt(refused.header("Retry-After")) <= 3600);
        assertEquals(429, api.post("/webhooks/FAILED/deliveries/resend", window).status());
        assertEquals(5, listener.received(path).size(), "the automatic attempts only: a recovery is queued");
        assertEquals(
                200, api.post("/webhooks/FAILED/test").status(), "resends have a limit of their own: test sends go on");
    }
}
