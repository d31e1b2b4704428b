package io.backupwebhooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.Api.Reply;
import io.backupwebhooks.testing.AwsGate;
import io.backupwebhooks.testing.Emulated;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Project;
import io.backupwebhooks.testing.Template;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A confirmation email SES refuses leaves nothing stuck. Here the admin function may send only as one identity, as a
 * grant on the sender's identity alone would in SES's sandbox, where the recipient's identity is checked too: the
 * send is denied, the new address is not kept (a repeated PUT would otherwise find it "known" and never send its
 * link), the answer is a 503 problem that names it, and the other changes are saved.
 */
@QuarkusTest
@TestProfile(ConfirmationFailureTest.SenderIdentityOnly.class)
class ConfirmationFailureTest {

    @Emulated
    AwsGate gate;

    @Test
    void givenSesRefusesTheConfirmation_whenAnAddressIsAdded_then503AndTheAddressIsNotLeftUnconfirmedForever() {
        Api api = Api.as("CONFIRMFAIL");
        String to = "ops@customer.example.org";

        Reply saved = api.put("/report", Api.json(Map.of("recipients", List.of(to), "hour", 6)));

        assertEquals(503, saved.status(), saved.rawBody());
        assertEquals("application/problem+json", saved.header("Content-Type"));
        assertTrue(saved.detail().contains(to) && saved.detail().contains("not added"), saved.detail());
        assertTrue(
                gate.denied().stream().anyMatch(c -> c.action().equals("ses:SendEmail")),
                gate.denied().toString());
        JsonNode after = api.get("/report").json();
        assertEquals(0, after.get("recipients").size(), after.toString());
        assertEquals(6, after.get("hour").asInt(), "the other changes were saved");
    }

    /** The admin profile over a copy of the template whose SES grant names one identity only. */
    public static class SenderIdentityOnly extends FunctionProfile.Admin {
        @Override
        protected Map<String, String> resourceArgs() {
            return Map.of("function", "admin", "template", copy().toString());
        }

        private static Path copy() {
            try {
                String yaml = Files.readString(Template.PATH);
                int from = yaml.indexOf("\n  AdminFunction:\n");
                String head = yaml.substring(0, from);
                String rest = yaml.substring(from);
                String narrowed = rest.replaceFirst(":identity/\\*\"", ":identity/example.com\"");
                if (narrowed.equals(rest)) {
                    throw new IllegalStateException("AdminFunction grants no identity/*");
                }
                Path copy = Project.path("target", "iam-gate", "template-sender-identity-only.yaml");
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, head + narrowed);
                return copy.toAbsolutePath();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
