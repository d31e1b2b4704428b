package io.backupwebhooks.shared.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signatures against the Standard Webhooks known-answer example, and what must change the signature. */
class SignaturesTest {

    // https://www.standardwebhooks.com/ (the specification's example; also in its reference libraries' tests)
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330L;
    static final String BODY = "{\"test\": 2432232314}";
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void givenThePublishedExample_whenSigned_thenThePublishedSignature() {
        assertEquals(SIGNATURE, Signatures.sign(SECRET, ID, TIMESTAMP, BODY));
    }

    @Test
    void givenThePublishedExample_whenHeaderIsMadeWithOneSecret_thenItIsThatOneSignature() {
        assertEquals(SIGNATURE, Signatures.header(List.of(SECRET), ID, TIMESTAMP, BODY));
    }

    @Test
    void givenTheSecretWithoutItsPrefix_whenSigned_thenTheSameSignature() {
        assertEquals(SIGNATURE, Signatures.sign(SECRET.substring("whsec_".length()), ID, TIMESTAMP, BODY));
    }

    @Test
    void givenTwoSecretsDuringARotation_whenHeaderIsMade_thenBothSignaturesSpaceSeparatedInOrder() {
        String other = Signatures.newSecret();
        assertEquals(
                Signatures.sign(other, ID, TIMESTAMP, BODY) + " " + SIGNATURE,
                Signatures.header(List.of(other, SECRET), ID, TIMESTAMP, BODY));
    }

    @ParameterizedTest(name = "given {0}, when signed, then not the published signature")
    @CsvSource(delimiter = '|', textBlock = """
            another secret        | whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx | msg_p5jXN8AQM9LWM0D4loKWxJek | 1614265330 | {"test": 2432232314}
            a tampered body       | whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | msg_p5jXN8AQM9LWM0D4loKWxJek | 1614265330 | {"test": 2432232315}
            the body re-spaced    | whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | msg_p5jXN8AQM9LWM0D4loKWxJek | 1614265330 | {"test":2432232314}
            another id            | whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | msg_p5jXN8AQM9LWM0D4loKWxJel | 1614265330 | {"test": 2432232314}
            another timestamp     | whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | msg_p5jXN8AQM9LWM0D4loKWxJek | 1614265331 | {"test": 2432232314}
            """)
    void givenAChangedInput_whenSigned_thenNotThePublishedSignature(
            String change, String secret, String id, long timestamp, String body) {
        assertNotEquals(SIGNATURE, Signatures.sign(secret, id, timestamp, body), change);
    }

    @Test
    void givenTheBodyWithATrailingNewline_whenSigned_thenNotThePublishedSignature() {
        assertNotEquals(SIGNATURE, Signatures.sign(SECRET, ID, TIMESTAMP, BODY + "\n"));
    }

    @Test
    void givenNewSecrets_whenMade_thenEachIsWhsecAnd32RandomBytesAndTheyDiffer() {
        String a = Signatures.newSecret();
        String b = Signatures.newSecret();
        assertTrue(a.startsWith("whsec_"), a);
        assertEquals(32, Base64.getDecoder().decode(a.substring("whsec_".length())).length);
        assertNotEquals(a, b);
        assertNotEquals(Signatures.sign(a, ID, TIMESTAMP, BODY), Signatures.sign(b, ID, TIMESTAMP, BODY));
    }
}
