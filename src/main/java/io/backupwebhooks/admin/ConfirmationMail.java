package io.backupwebhooks.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.admin.http.ApiRequest;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.mail.Mailer;
import io.backupwebhooks.shared.store.EmailTokenStore;
import io.backupwebhooks.shared.store.EmailTokenStore.Purpose;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/**
 * The email that asks a new report recipient to confirm their address (Qute templates
 * {@code confirmation.{txt,html}}; the HTML part escapes what it is given), and the base of the links in the report's
 * emails.
 */
@ApplicationScoped
class ConfirmationMail {

    static final Duration VALID = Duration.ofDays(7);

    private final EmailTokenStore tokens;
    private final Mailer mailer;
    private final Template text;
    private final Template html;
    private final Optional<String> publicBaseUrl;

    ConfirmationMail(
            EmailTokenStore tokens,
            Mailer mailer,
            @Location("confirmation.txt") Template text,
            @Location("confirmation.html") Template html,
            ServiceConfig config) {
        this.tokens = tokens;
        this.mailer = mailer;
        this.text = text;
        this.html = html;
        this.publicBaseUrl =
                config.report().publicBaseUrl().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    /** A single-use confirmation token for {@code address}, valid 7 days, and the email with its link. */
    void send(String account, String address, String linkBase, Instant now) {
        String token = EmailTokenStore.newToken();
        tokens.put(token, Purpose.CONFIRM, account, address, now.plus(VALID));
        String link = linkBase + "/report/confirm?token=" + token;
        mailer.send(new Mailer.Email(
                address,
                "Confirm the daily backup report for " + account,
                text.data("account", account).data("link", link).render(),
                html.data("account", account).data("link", link).render(),
                Map.of()));
    }

    /**
     * Where the links of the report's emails point: {@code PUBLIC_BASE_URL}, else the API's own domain as API Gateway
     * names it ({@code requestContext.domainName}).
     */
    String linkBase(ApiRequest request) {
        if (publicBaseUrl.isPresent()) {
            return publicBaseUrl.get();
        }
        // the domain API Gateway took the call on (it routes by it, so a client cannot name another), never the
        // client's Host header
        String domain = request.domainName();
        if (domain == null || domain.isBlank()) {
            throw new IllegalStateException(
                    "PUBLIC_BASE_URL is not set and the request came without API Gateway's" + " domainName");
        }
        boolean local = domain.startsWith("127.0.0.1") || domain.startsWith("localhost") || domain.startsWith("[::1]");
        return (local ? "http://" : "https://") + domain;
    }
}
