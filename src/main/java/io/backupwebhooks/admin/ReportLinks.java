package io.backupwebhooks.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.admin.http.ApiRequest;
import io.backupwebhooks.admin.http.ApiResponse;
import io.backupwebhooks.shared.mail.AddressHash;
import io.backupwebhooks.shared.store.EmailTokenStore;
import io.backupwebhooks.shared.store.EmailTokenStore.Purpose;
import io.backupwebhooks.shared.store.ReportSettings;
import io.backupwebhooks.shared.store.ReportSettings.Recipient;
import io.backupwebhooks.shared.store.ReportSettingsStore;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/**
 * The two public links of the report's emails, served without an account (a token names the account and the
 * address): confirm an address, and unsubscribe one (RFC 8058 one-click). A GET answers a small page with one button
 * (mail scanners that follow links change nothing), the POST does it. The pages are the Qute template
 * {@code link-page.html}: no script, no style, forms only to this origin.
 */
@ApplicationScoped
class ReportLinks {

    private static final Logger LOG = Logger.getLogger(ReportLinks.class);
    /** How long a used unsubscribe link still answers "already unsubscribed". */
    static final java.time.Duration USED_KEPT = java.time.Duration.ofDays(30);

    private final ReportSettingsStore settings;
    private final EmailTokenStore tokens;
    private final Template page;

    ReportLinks(ReportSettingsStore settings, EmailTokenStore tokens, @Location("link-page.html") Template page) {
        this.settings = settings;
        this.tokens = tokens;
        this.page = page;
    }

    /** GET of a confirmation link: a page with one button (mail scanners that follow links confirm nothing). */
    ApiResponse confirmPage(ApiRequest request) {
        return form(
                request,
                "Confirm the daily backup report",
                "Send the daily backup report to this address?",
                "confirm",
                "Confirm");
    }

    ApiResponse confirm(ApiRequest request) {
        Instant now = Views.now();
        String raw = request.query().get("token");
        // read, not used: the link is used up only once its change is saved (a conflict leaves it working)
        Optional<EmailTokenStore.Token> token = tokens.peek(raw, Purpose.CONFIRM, now);
        if (token.isEmpty()) {
            return page(
                    404,
                    "Link not valid",
                    "This confirmation link was used already, has expired, or is not one we sent.");
        }
        String account = token.get().account();
        String address = token.get().address();
        if ("true".equals(request.query().get("never"))) {
            // the recipient's own refusal, for good: no account can add the address again, no report goes to it
            tokens.suppress(AddressHash.of(address), "asked on a confirmation page");
            change(account, address, r -> null);
            tokens.take(raw, Purpose.CONFIRM, now);
            LOG.infof(
                    "report recipient suppressed by its own request (from %s): address %s",
                    account, AddressHash.of(address));
            return page(
                    200,
                    "You will not hear from us again",
                    address + " will receive no email from Backup Webhooks, from any account.");
        }
        // a link sent before the address was (re)added is not its link: removing an address revokes its links
        Instant issuedAt = token.get().issuedAt();
        boolean current = settings.find(account).stream()
                .flatMap(s -> s.recipients().stream())
                .anyMatch(r -> r.address().equalsIgnoreCase(address)
                        && (issuedAt == null || !r.addedAt().isAfter(issuedAt)));
        if (!current) {
            tokens.take(raw, Purpose.CONFIRM, now);
            return page(
                    404,
                    "Address not on the list",
                    "This address is no longer on the report's list, or this link was replaced by a newer one.");
        }
        // no unsubscribe token is kept with the address: each report email carries a fresh one (stored hashed)
        boolean confirmed = change(account, address, r -> new Recipient(r.address(), true, null, r.addedAt()));
        tokens.take(raw, Purpose.CONFIRM, now); // used up now that its change is saved
        if (!confirmed) {
            return page(404, "Address not on the list", "This address is no longer on the report's list.");
        }
        LOG.infof("report recipient confirmed for %s: address %s", account, AddressHash.of(address));
        return page(200, "Confirmed", address + " will receive the daily backup report of account " + account + ".");
    }

    /** GET of an unsubscribe link: a page with one button; the one-click POST (RFC 8058) needs none. */
    ApiResponse unsubscribePage(ApiRequest request) {
        return form(
                request,
                "Unsubscribe from the daily backup report",
                "Stop sending the daily backup report to this address?",
                "unsubscribe",
                "Unsubscribe");
    }

    ApiResponse unsubscribe(ApiRequest request) {
        String raw = request.query().get("token");
        Instant now = Views.now();
        Optional<EmailTokenStore.Token> token = tokens.peek(raw, Purpose.UNSUBSCRIBE, now);
        if (token.isEmpty()) {
            // mail providers repeat the one-click POST: a used link answers 200 again, for as long as it is kept
            Optional<EmailTokenStore.Token> used = tokens.take(raw, Purpose.UNSUBSCRIBED, now);
            if (used.isEmpty()) {
                return page(404, "Link not valid", "This unsubscribe link is not one we sent, or it is too old.");
            }
            tokens.put(
                    raw,
                    Purpose.UNSUBSCRIBED,
                    used.get().account(),
                    used.get().address(),
                    used.get().expiresAt());
            return page(
                    200, "Already unsubscribed", used.get().address() + " no longer receives the daily backup report.");
        }
        change(token.get().account(), token.get().address(), r -> null);
        // the link is used up only now (its item becomes the "already unsubscribed" marker)
        LOG.infof(
                "report recipient unsubscribed from %s: address %s",
                token.get().account(), AddressHash.of(token.get().address()));
        tokens.put(raw, Purpose.UNSUBSCRIBED, token.get().account(), token.get().address(), now.plus(USED_KEPT));
        return page(200, "Unsubscribed", token.get().address() + " will no longer receive the daily backup report.");
    }

    /** Replaces (or with null removes) {@code address} in the account's list; false when it is not on it. */
    private boolean change(String account, String address, UnaryOperator<Recipient> how) {
        return OptimisticUpdate.retry(
                () -> {
                    Optional<ReportSettings> current = settings.find(account);
                    if (current.isEmpty()
                            || current.get().recipients().stream()
                                    .noneMatch(r -> r.address().equals(address))) {
                        return Optional.of(false);
                    }
                    ReportSettings s = current.get();
                    List<Recipient> recipients = new ArrayList<>();
                    for (Recipient r : s.recipients()) {
                        Recipient changed = r.address().equalsIgnoreCase(address) ? how.apply(r) : r;
                        if (changed != null) {
                            recipients.add(changed);
                        }
                    }
                    boolean saved = settings.save(new ReportSettings(
                            s.account(),
                            s.enabled(),
                            s.hour(),
                            s.timezone(),
                            List.copyOf(recipients),
                            s.nextReportAt(),
                            s.lastReportDay(),
                            s.linkBase(),
                            Views.now(),
                            s.version(),
                            s.pending()));
                    return saved ? Optional.of(true) : Optional.empty();
                },
                "the report settings were changed at the same time; open the link again");
    }

    private ApiResponse form(ApiRequest request, String title, String message, String action, String button) {
        return respond(
                200,
                page.data("title", title)
                        .data("message", message)
                        .data("action", action)
                        .data("token", request.query().getOrDefault("token", ""))
                        .data("button", button)
                        .data("never", action.equals("confirm"))
                        .render());
    }

    private ApiResponse page(int status, String title, String message) {
        return respond(
                status,
                page.data("title", title)
                        .data("message", message)
                        .data("action", null)
                        .data("token", null)
                        .data("button", null)
                        .data("never", false)
                        .render());
    }

    private static ApiResponse respond(int status, String html) {
        return new ApiResponse(status, Map.of("Content-Type", "text/html; charset=utf-8"), html)
                .withHeader(
                        "Content-Security-Policy",
                        "default-src 'none'; form-action 'self'; base-uri 'none'; " + "frame-ancestors 'none'")
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Referrer-Policy", "no-referrer")
                .withHeader("Cache-Control", "no-store");
    }
}
