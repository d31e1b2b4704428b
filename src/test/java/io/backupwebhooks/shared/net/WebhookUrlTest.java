package io.backupwebhooks.shared.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.backupwebhooks.shared.net.WebhookUrl.InvalidUrlException;
import io.backupwebhooks.shared.net.WebhookUrl.Problem;

/** The one reading of a webhook URL, shared by the save-time rule and the sender. */
class WebhookUrlTest {

    @ParameterizedTest(name = "given {0}, when parsed, then host {1}, port {2}, tls {3}")
    @CsvSource(delimiter = '|', textBlock = """
            http://example.com/hook         | example.com  | 80   | false
            HTTPS://example.com/hook?x=1    | example.com  | 443  | true
            http://93.184.216.34:8080/      | 93.184.216.34 | 8080 | false
            https://[2606:2800:220:1::]/h   | [2606:2800:220:1::] | 443 | true
            """)
    void givenAnHttpUrl_whenParsed_thenHostPortAndTls(String url, String host, int port, boolean tls)
            throws InvalidUrlException {
        WebhookUrl parsed = WebhookUrl.parse(url);
        assertEquals(host, parsed.host());
        assertEquals(port, parsed.port());
        assertEquals(tls, parsed.tls());
    }

    @ParameterizedTest(name = "given {0}, when parsed, then {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://exa mple.com/             | SYNTAX
            ftp://example.com/               | NOT_HTTP
            /relative                        | NOT_HTTP
            javascript:alert(1)              | NOT_HTTP
            http://user:pw@example.com/      | USER_INFO
            http://bad_host.example/         | NO_HOST
            """)
    void givenANonWebhookUrl_whenParsed_thenTheProblemIsNamed(String url, Problem problem) {
        assertEquals(
                problem,
                assertThrows(InvalidUrlException.class, () -> WebhookUrl.parse(url))
                        .problem());
    }

    @Test
    void givenAnAuthorityUriCannotReadAsAHost_whenParsed_thenItIsHandedBackForAnAddressCheck() {
        InvalidUrlException e = assertThrows(InvalidUrlException.class, () -> WebhookUrl.parse("http://0x0a.0.0.1_/"));
        assertEquals(Problem.NO_HOST, e.problem());
        assertEquals("0x0a.0.0.1_", e.authority());
    }
}
