package io.backupwebhooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.Emulated;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.SesLocal;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The daily report's settings and its email links, through the Lambda Runtime API (admin function), with dynalite and
 * aws-ses-v2-local behind the IAM gate: confirmation emails, single-use confirm and unsubscribe links.
 */
@QuarkusTest
@TestProfile(FunctionProfile.Admin.class)
class ReportSettingsTest {

    private static final Pattern TOKEN =
            Pattern.compile("https://api\\.example\\.com/report/confirm\\?token=([A-Za-z0-9_-]{43})");

    @Emulated
    SesLocal ses;

    @Emulated
    AwsGate gate;

    @jakarta.inject.Inject
    io.backupwebhooks.shared.store.ReportSettingsStore reports;

    @jakarta.inject.Inject
    io.backupwebhooks.shared.store.OutcomeStore outcomes;

    @jakarta.inject.Inject
    software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo;

    @Test
    void givenNoSettings_whenRead_thenDefaultsDisabledAt8Utc() {
        JsonNode body = Api.as(account()).get("/report").json();
        assertFalse(body.get("enabled").asBoolean());
        assertEquals(8, body.get("hour").asInt());
        assertEquals("UTC", body.get("timezone").asText());
        assertEquals(0, body.get("recipients").size());
    }

    @Test
    void givenNewAddresses_whenSaved_thenEachGetsOneConfirmationAndStaysUnconfirmedUntilItsLinkIsUsedOnce() {
        String account = account();
        String ann = "ann-" + account.toLowerCase() + "@example.org";
        String bob = "bob-" + account.toLowerCase() + "@example.org";
        Api api = Api.as(account);

        Api.Reply saved = api.put(
                "/report",
                Api.json(java.util.Map.of("recipients", List.of(ann, bob), "hour", 7, "timezone", "America/Chicago")));
        assertEquals(200, saved.status(), saved.rawBody());
        assertTrue(saved.json().get("enabled").asBoolean());
        Instant next = Instant.parse(saved.json().get("nextReportAt").asText());
        assertTrue(next.isAfter(Instant.now()), next.toString());
        assertEquals(7, next.atZone(java.time.ZoneId.of("America/Chicago")).getHour(), next.toString());
        assertEquals(0, next.atZone(java.time.ZoneId.of("America/Chicago")).getMinute(), next.toString());
        assertEquals(List.of(false, false), confirmedFlags(api));

        // saving the same list again sends nothing more
        api.put(
                "/report",
                Api.json(java.util.Map.of("recipients", List.of(ann, bob), "hour", 7, "timezone", "America/Chicago")));
        List<JsonNode> toAnn = ses.emailsTo(ann);
        assertEquals(1, toAnn.size());
        assertEquals(1, ses.emailsTo(bob).size());
        assertEquals("reports@example.com", toAnn.get(0).path("from").asText());
        String token = token(toAnn.get(0));

        Api.Reply page = Api.anonymous().get("/report/confirm?token=" + token);
        assertEquals(200, page.status());
        assertTrue(page.rawBody().contains("<form method=\"post\""), page.rawBody());
        assertEquals(List.of(false, false), confirmedFlags(api), "opening the link (a GET) confirms nothing");

        Api.Reply confirmed =
                Api.anonymous().call("POST", "/report/confirm?token=" + token, "", "application/x-www-form-urlencoded");
        assertEquals(200, confirmed.status(), confirmed.rawBody());
        assertEquals(List.of(true, false), confirmedFlags(api), "only Ann's address");

        Api.Reply again = Api.anonymous().call("POST", "/report/confirm?token=" + token, "", null);
        assertEquals(404, again.status(), "a confirmation link works once");
        assertEquals(
                404,
                Api.anonymous()
                        .call("POST", "/report/confirm?token=" + "A".repeat(43), "", null)
                        .status());
        assertEquals(
                404, Api.anonymous().call("POST", "/report/confirm", "", null).status());
    }

    @Test
    void givenAnAddressRemoved_whenItsOldConfirmationLinkIsUsed_thenNothingIsConfirmed() {
        String account = account();
        String ann = "gone-" + account.toLowerCase() + "@example.org";
        Api api = Api.as(account);
        api.put("/report", Api.json(java.util.Map.of("recipients", List.of(ann))));
        String token = token(ses.emailsTo(ann).get(0));
        api.put("/report", Api.json(java.util.Map.of("recipients", List.of())));

        assertEquals(
                404,
                Api.anonymous()
                        .call("POST", "/report/confirm?token=" + token, "", null)
                        .status());
        assertEquals(0, api.get("/report").json().get("recipients").size());
    }

    @Test
    void givenTwoConfirmedAddresses_whenOneClicksUnsubscribe_thenOnlyThatAddressIsRemovedAndTheLinkWorksOnce() {
        String account = account();
        String ann = "ann-" + account.toLowerCase() + "@example.org";
        String bob = "bob-" + account.toLowerCase() + "@example.org";
        Api api = Api.as(account);
        api.put("/report", Api.json(java.util.Map.of("recipients", List.of(ann, bob))));
        for (String address : List.of(ann, bob)) {
            Api.anonymous()
                    .call(
                            "POST",
                            "/report/confirm?token="
                                    + token(ses.emailsTo(address).get(0)),
                            "",
                            null);
        }
        assertEquals(List.of(true, true), confirmedFlags(api));
        assertNull(
                Arrange.get(() -> reports.find(account))
                        .orElseThrow()
                        .recipients()
                        .get(0)
                        .unsubscribeToken(),
                "no unsubscribe token is stored in clear: each report email carries its own");
        assertEquals(200, api.post("/report/test").status());
        JsonNode report = ses.emailsTo(ann).stream()
                .filter(e -> SesLocal.header(e, "List-Unsubscribe") != null)
                .findFirst()
                .orElseThrow();
        java.util.regex.Matcher link = Pattern.compile("unsubscribe\\?token=([A-Za-z0-9_-]{43})>")
                .matcher(SesLocal.header(report, "List-Unsubscribe"));
        assertTrue(link.find(), SesLocal.header(report, "List-Unsubscribe"));
        String annToken = link.group(1);

        assertEquals(
                404,
                Api.anonymous()
                        .call("POST", "/report/confirm?token=" + annToken, "", null)
                        .status(),
                "an unsubscribe token confirms nothing");
        Api.Reply page = Api.anonymous().get("/report/unsubscribe?token=" + annToken);
        assertEquals(200, page.status());
        assertEquals(List.of(true, true), confirmedFlags(api), "opening the link (a GET) removes nothing");
        // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the List-Unsubscribe URL
        Api.Reply oneClick = Api.anonymous()
                .call(
                        "POST",
                        "/report/unsubscribe?token=" + annToken,
                        "List-Unsubscribe=One-Click",
                        "application/x-www-form-urlencoded");
        assertEquals(200, oneClick.status(), oneClick.rawBody());

        JsonNode left = api.get("/report").json().get("recipients");
        assertEquals(1, left.size());
        assertEquals(bob, left.get(0).get("address").asText());
        assertTrue(left.get(0).get("confirmed").asBoolean());
        // mail providers repeat the one-click POST: it is answered 200 again, and changes nothing more
        Api.Reply repeated = Api.anonymous()
                .call(
                        "POST",
                        "/report/unsubscribe?token=" + annToken,
                        "List-Unsubscribe=One-Click",
                        "application/x-www-form-urlencoded");
        assertEquals(200, repeated.status(), repeated.rawBody());
        assertTrue(repeated.rawBody().contains("Already unsubscribed"), repeated.rawBody());
        assertEquals(
                200,
                Api.anonymous()
                        .call("POST", "/report/unsubscribe?token=" + annToken, "", null)
                        .status());
        assertEquals(1, api.get("/report").json().get("recipients").size());
        assertEquals(
                404,
                Api.anonymous()
                        .call("POST", "/report/unsubscribe?token=" + "B".repeat(43), "", null)
                        .status());
    }

    @Test
    void givenAnAddressRemovedAndAddedAgain_whenItsFirstLinkIsUsed_thenOnlyTheNewLinkConfirms() {
        String account = account();
        String ann = "again-" + account.toLowerCase() + "@example.org";
        Api api = Api.as(account);
        api.put("/report", Api.json(java.util.Map.of("recipients", List.of(ann))));
        String first = token(ses.emailsTo(ann).get(0));
        api.put("/report", Api.json(java.util.Map.of("recipients", List.of())));
        Api.Reply soon = api.put("/report", Api.json(java.util.Map.of("recipients", List.of(ann))));
        assertEquals(429, soon.status(), "one confirmation a day per address");
        assertTrue(soon.detail().contains("in the last 24 hours"), soon.detail());
        endConfirmationCooldown(ann); // as if a day had passed
        api.put("/report", Api.json(java.util.Map.of("recipients", List.of(ann))));
        assertEquals(2, ses.emailsTo(ann).size(), "added again: a new confirmation");
        String second = ses.emailsTo(ann).stream()
                .map(ReportSettingsTest::token)
                .filter(t -> !t.equals(first))
                .findFirst()
                .orElseThrow();

        assertEquals(
                404,
                Api.anonymous()
                        .call("POST", "/report/confirm?token=" + first, "", null)
                        .status(),
                "removing the address revoked its first link");
        assertEquals(List.of(false), confirmedFlags(api));
        assertEquals(
                200,
                Api.anonymous()
                        .call("POST", "/report/confirm?token=" + second, "", null)
                        .status());
        assertEquals(List.of(true), confirmedFlags(api));
    }

    @Test
    void givenAConfirmedAddress_whenTheReportIsTestSentAFourthTimeInAnHour_then429NamingTheRuleAndNoEmail() {
        String account = account();
        String ann = "tests-" + account.toLowerCase() + "@example.org";
        Api api = Api.as(account);
        api.put("/report", Api.json(java.util.Map.of("recipients", List.of(ann))));
        Api.anonymous()
                .call("POST", "/report/confirm?token=" + token(ses.emailsTo(ann).get(0)), "", null);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, api.post("/report/test").status());
        }
        int emails = ses.emailsTo(ann).size();

        Api.Reply fourth = api.post("/report/test");

        assertEquals(429, fourth.status(), fourth.rawBody());
        assertEquals("application/problem+json", fourth.header("Content-Type"));
        assertTrue(fourth.detail().contains("at most 3 report test sends an hour per account"), fourth.detail());
        assertNotNull(fourth.header("Retry-After"));
        assertEquals(emails, ses.emailsTo(ann).size(), "nothing was sent");
    }

    @Test
    void givenOneMailboxWrittenInTwoCases_whenSaved_thenItIsOneRecipientWithOneConfirmation() {
        String account = account();
        String lower = "victim-" + account.toLowerCase() + "@example.org";
        String mixed = "Victim-" + account.toLowerCase() + "@Example.org";
        String other = "vIctim-" + account.toLowerCase() + "@EXAMPLE.ORG";
        Api api = Api.as(account);

        assertEquals(
                200,
                api.put("/report", Api.json(java.util.Map.of("recipients", List.of(mixed, other))))
                        .status());
        assertEquals(
                200,
                api.put("/report", Api.json(java.util.Map.of("recipients", List.of(lower))))
                        .status());

        JsonNode recipients = api.get("/report").json().get("recipients");
        assertEquals(1, recipients.size(), recipients.toString());
        assertEquals(lower, recipients.get(0).get("address").asText());
        assertEquals(
                1,
                ses.emails().stream()
                        .filter(e -> e.toString().toLowerCase().contains(lower))
                        .count(),
                "one confirmation for the one mailbox");
    }

    @Test
    void givenAConfirmedAddressAndEventsToday_whenATestIsRequested_thenTodaysReportSoFarIsSentNow() {
        String account = account();
        String ann = "test-" + account.toLowerCase() + "@example.org";
        Api api = Api.as(account);
        assertEquals(404, api.post("/report/test").status(), "no settings yet");
        api.put("/report", Api.json(java.util.Map.of("recipients", List.of(ann), "timezone", "Europe/Berlin")));
        assertEquals(409, api.post("/report/test").status(), "no confirmed address yet");
        Api.anonymous()
                .call("POST", "/report/confirm?token=" + token(ses.emailsTo(ann).get(0)), "", null);
        Instant now = Instant.now();
        Arrange.run(() -> io.backupwebhooks.shared.store.Items.batchWrite(
                dynamo,
                List.of(outcomes.recordWrite(new io.backupwebhooks.shared.store.BackupOutcome(
                        account,
                        "evt_" + "1".repeat(32),
                        io.backupwebhooks.shared.EventType.FAILED,
                        now.minusSeconds(1),
                        "srv-today",
                        "sp",
                        "ap",
                        "Hourly",
                        "rp",
                        null,
                        null,
                        null)))));

        Api.Reply sent = api.post("/report/test");

        assertEquals(200, sent.status(), sent.rawBody());
        assertEquals(1, sent.json().get("sent").asInt());
        List<JsonNode> emails = ses.emailsTo(ann);
        JsonNode report = emails.get(emails.size() - 1);
        String today = java.time.LocalDate.ofInstant(now, java.time.ZoneId.of("Europe/Berlin"))
                .toString();
        assertTrue(
                report.path("subject").asText().startsWith("Backups for " + account + " on " + today + " so far: "),
                report.path("subject").asText());
        assertTrue(report.path("body").path("text").asText().contains("srv-today"));
        assertNotNull(SesLocal.header(report, "List-Unsubscribe"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"recipients\":[\"not-an-address\"]}|recipients[0]",
                "{\"recipients\":[\"a@example.org\",\"b@example\"]}|recipients[1]",
                "{\"recipients\":\"a@example.org\"}|recipients",
                "{\"recipients\":[\"a0@x.org\",\"a1@x.org\",\"a2@x.org\",\"a3@x.org\",\"a4@x.org\",\"a5@x.org\",\"a6@x.org\",\"a7@x.org\",\"a8@x.org\",\"a9@x.org\",\"a10@x.org\"]}|recipients",
                "{\"timezone\":\"+05:00\"}|timezone",
                "{\"timezone\":\"UTC+05:00\"}|timezone",
                "{\"timezone\":\"Mars/Olympus\"}|timezone",
                "{\"hour\":24}|hour",
                "{\"hour\":-1}|hour",
                "{\"hour\":7.5}|hour",
                "{\"enabled\":\"yes\"}|enabled",
                "{\"owner\":\"x\"}|owner"
            })
    void givenBadInput_whenSaved_then400NamingTheFieldAndNothingChangesOrIsSent(String body, String field) {
        String account = account();
        Api api = Api.as(account);
        int emailsBefore = ses.emails().size();

        Api.Reply reply = api.put("/report", body);

        assertEquals(400, reply.status(), reply.rawBody());
        assertTrue(reply.detail().contains("'" + field + "'"), reply.detail());
        assertFalse(api.get("/report").json().get("enabled").asBoolean());
        assertEquals(emailsBefore, ses.emails().size());
    }

    @Test
    void givenAccounts_whenConfirmationsAreSent_thenTheGateSawSesSendEmailOnTheSenderAndTheRecipientIdentity() {
        String account = account();
        String to = "gate-" + account.toLowerCase() + "@example.org";
        Api.as(account).put("/report", Api.json(java.util.Map.of("recipients", List.of(to))));
        // the From identity (the address's own is tried first) and, as SES's sandbox does, the recipient's
        for (String identity : List.of("reports@example.com", to)) {
            assertTrue(
                    gate.calls().stream()
                            .anyMatch(c -> c.action().equals("ses:SendEmail")
                                    && c.resource().equals("arn:aws:ses:us-east-1:000000000000:identity/" + identity)
                                    && c.allowed()),
                    identity);
        }
        assertTrue(gate.denied().isEmpty(), gate.denied().toString());
    }

    private static List<Boolean> confirmedFlags(Api api) {
        List<Boolean> flags = new java.util.ArrayList<>();
        api.get("/report")
                .json()
                .get("recipients")
                .forEach(r -> flags.add(r.get("confirmed").asBoolean()));
        return flags;
    }

    @Test
    void givenAnAddressOneAccountAdded_whenAnotherAccountAddsItWithin24Hours_then429AndNoSecondEmail() {
        String victim = "victim-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        assertEquals(200, Api.as(account()).put("/report", recipients(victim)).status());

        Api.Reply second = Api.as(account()).put("/report", recipients(victim.toUpperCase(java.util.Locale.ROOT)));

        assertEquals(429, second.status(), second.rawBody());
        assertTrue(second.detail().startsWith("recipients: "), second.detail());
        assertNotNull(second.header("Retry-After"));
        assertEquals(1, ses.emailsTo(victim).size(), "one confirmation a day per address, whichever account asks");
    }

    @Test
    void givenTenNewAddressesToday_whenAnEleventhIsAdded_then429NamingTheRuleAndNothingSaved() {
        String account = account();
        Api api = Api.as(account);
        List<String> ten = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add("n" + i + "-" + account.toLowerCase() + "@example.org");
        }
        assertEquals(
                200, api.put("/report", recipients(ten.toArray(String[]::new))).status());
        List<String> swapped = new java.util.ArrayList<>(ten.subList(1, 10));
        swapped.add("eleventh-" + account.toLowerCase() + "@example.org");

        Api.Reply refused = api.put("/report", recipients(swapped.toArray(String[]::new)));

        assertEquals(429, refused.status(), refused.rawBody());
        assertTrue(refused.detail().contains("at most 10 new report addresses a day"), refused.detail());
        assertEquals(10, api.get("/report").json().get("recipients").size(), "nothing saved");
        assertEquals(
                0,
                ses.emailsTo("eleventh-" + account.toLowerCase() + "@example.org")
                        .size());
    }

    @Test
    void givenAConfirmationPage_whenNeverEmailMeIsPressed_thenTheAddressLeavesTheListAndNoAccountCanAddIt() {
        String account = account();
        String ann = "never-" + account.toLowerCase() + "@example.org";
        Api api = Api.as(account);
        api.put("/report", recipients(ann));
        String token = token(ses.emailsTo(ann).get(0));
        Api.Reply page = Api.anonymous().call("GET", "/report/confirm?token=" + token, null, null);
        assertTrue(page.rawBody().contains("never=true"), page.rawBody());
        assertTrue(page.rawBody().contains("Never email me again"), page.rawBody());

        Api.Reply never = Api.anonymous().call("POST", "/report/confirm?token=" + token + "&never=true", "", null);

        assertEquals(200, never.status(), never.rawBody());
        assertEquals(0, api.get("/report").json().get("recipients").size());
        endConfirmationCooldown(ann);
        Api.Reply other = Api.as(account()).put("/report", recipients(ann));
        assertEquals(409, other.status(), other.rawBody());
        assertTrue(other.detail().contains("asked never to receive email"), other.detail());
        assertEquals(1, ses.emailsTo(ann).size(), "nothing after the refusal");
    }

    @Test
    void givenASpoofedHostHeader_whenAnAddressIsAdded_thenItsLinkPointsAtTheApisOwnDomain() {
        String account = account();
        String ann = "host-" + account.toLowerCase() + "@example.org";
        com.fasterxml.jackson.databind.node.ObjectNode event =
                Api.event("PUT", "/report", recipients(ann), "application/json", account);
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("headers")).put("host", "evil.example");

        assertEquals(200, Api.send(event).status());

        String text = ses.emailsTo(ann).get(0).path("body").path("text").asText();
        assertTrue(text.contains("https://api.example.com/report/confirm?token="), text);
        assertFalse(text.contains("evil.example"), text);
    }

    private static String recipients(String... addresses) {
        return Api.json(java.util.Map.of("recipients", List.of(addresses)));
    }

    /** Removes the address's 24-hour confirmation cooldown, as if it had run out. */
    private void endConfirmationCooldown(String address) {
        Arrange.run(() -> dynamo.deleteItem(b -> b.tableName(
                        io.backupwebhooks.testing.LocalTables.NAMES.get("backup-webhooks.tables.deliveries"))
                .key(java.util.Map.of(
                        "eventId",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                "cooldown#confirm#" + io.backupwebhooks.shared.mail.AddressHash.of(address))))));
    }

    static String token(JsonNode email) {
        Matcher m = TOKEN.matcher(email.path("body").path("text").asText());
        assertTrue(m.find(), email.toString());
        assertNotNull(email.path("body").path("html").asText(null));
        assertNull(SesLocal.header(email, "List-Unsubscribe"), "a confirmation is no list mail");
        return m.group(1);
    }

    static String account() {
        return "RPT" + UUID.randomUUID().toString().substring(0, 8);
    }
}
