package io.backupwebhooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.backupwebhooks.admin.http.ApiException;
import io.backupwebhooks.shared.net.PublicAddressGuard;

/** The save-time URL rule as a production deployment has it (no loopback allowed). */
class UrlRuleTest {

    private final UrlRule rule = new UrlRule(new PublicAddressGuard(false));

    @ParameterizedTest(name = "given port {0}, when saved, then refused naming the field and the rule")
    @ValueSource(strings = {"99999", "65536", "0"})
    void givenPortOutOfRange_whenChecked_thenRefusedNamingFieldAndRule(String port) {
        ApiException refused =
                assertThrows(ApiException.class, () -> rule.check("http://93.184.216.34:" + port + "/hook"));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("field 'url'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("1 to 65535"), refused.getMessage());
    }

    @ParameterizedTest(name = "given port {0}, when saved, then allowed")
    @ValueSource(strings = {"1", "443", "65535"})
    void givenPortInRange_whenChecked_thenAllowed(String port) {
        assertEquals("http://93.184.216.34:" + port + "/", rule.check("http://93.184.216.34:" + port + "/"));
    }

    @Test
    void givenNameResolvingToNonPublicAddress_whenChecked_thenTheRuleIsNamedButNotTheAddress() {
        ApiException refused = assertThrows(ApiException.class, () -> rule.check("http://localhost:8080/hook"));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("resolves to a non-public address"), refused.getMessage());
        assertFalse(refused.getMessage().contains("127.0.0.1"), refused.getMessage());
        assertFalse(refused.getMessage().contains("::1"), refused.getMessage());
        assertFalse(refused.getMessage().contains("0:0:0:0:0:0:0:1"), refused.getMessage());
        assertFalse(refused.getMessage().contains("loopback"), refused.getMessage());
    }

    @Test
    void givenAddressLiteral_whenChecked_thenTheAddressAndItsRangeMayBeNamed() {
        ApiException refused = assertThrows(ApiException.class, () -> rule.check("http://10.0.3.17/hook"));
        assertTrue(
                refused.getMessage().contains("10.0.3.17 is refused: private network 10.0.0.0/8"),
                refused.getMessage());
    }
}
