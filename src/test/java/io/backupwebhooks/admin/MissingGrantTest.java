package io.backupwebhooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
 * The gate bites: with {@code dynamodb:UpdateItem} taken out of the admin function's statements (a copy of the
 * template), creating a signing secret — an UpdateItem on the subscriptions table — is refused by the gate with
 * AWS's AccessDenied, and the admin API answers it as it would in AWS: a 500 problem, the subscription unchanged.
 */
@QuarkusTest
@TestProfile(MissingGrantTest.WithoutUpdateItem.class)
class MissingGrantTest {

    @Emulated
    AwsGate gate;

    @Test
    void givenATemplateWithoutUpdateItem_whenTheAdminCreatesASecret_thenAccessIsDeniedAndTheApiAnswers500() {
        Api api = Api.as("GRANTS");
        assertEquals(
                201,
                api.put("/webhooks/SUCCESS", Api.json(Map.of("url", "http://127.0.0.1:9/hook")))
                        .status());

        Reply rotated = api.post("/webhooks/SUCCESS/secret");

        assertEquals(500, rotated.status(), rotated.rawBody());
        assertEquals("application/problem+json", rotated.header("Content-Type"));
        assertTrue(
                gate.denied().stream()
                        .anyMatch(c -> c.functionId().equals("AdminFunction")
                                && c.action().equals("dynamodb:UpdateItem")
                                && c.resource().equals("arn:aws:dynamodb:us-east-1:000000000000:table/subscriptions")),
                gate.denied().toString());
        assertEquals(false, api.get("/webhooks/SUCCESS").json().get("signed").asBoolean(), "no secret was stored");
    }

    /** The admin profile over a copy of infra/template.yaml without {@code dynamodb:UpdateItem} for AdminFunction. */
    public static class WithoutUpdateItem extends FunctionProfile.Admin {
        @Override
        protected Map<String, String> resourceArgs() {
            return Map.of(
                    "function",
                    "admin",
                    "template",
                    copyWithout("AdminFunction", "dynamodb:UpdateItem").toString());
        }
    }

    /** A copy of the template in which {@code functionId}'s statements no longer name {@code action}. */
    static Path copyWithout(String functionId, String action) {
        try {
            String yaml = Files.readString(Template.PATH);
            int from = yaml.indexOf("\n  " + functionId + ":\n");
            int to = nextResource(yaml, from);
            String block = yaml.substring(from, to);
            String without = block.replace(action + ", ", "").replace(", " + action, "");
            if (without.equals(block)) {
                throw new IllegalStateException(functionId + " does not grant " + action);
            }
            Path copy = Project.path("target", "iam-gate", "template-without-" + action.replace(':', '-') + ".yaml");
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, yaml.substring(0, from) + without + yaml.substring(to));
            return copy.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the resource after the one starting at {@code from} begins (a line with two spaces and a name). */
    private static int nextResource(String yaml, int from) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\n  [A-Za-z]+:\n").matcher(yaml);
        return m.find(from + 1) ? m.start() : yaml.length();
    }
}
