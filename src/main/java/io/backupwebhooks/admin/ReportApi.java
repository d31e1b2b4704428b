package io.backupwebhooks.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.admin.http.ApiException;
import io.backupwebhooks.admin.http.ApiRequest;
import io.backupwebhooks.admin.http.ApiResponse;
import io.backupwebhooks.admin.http.JsonBody;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.mail.Mailer;
import io.backupwebhooks.shared.report.ReportMail;
import io.backupwebhooks.shared.schedule.ReportClock;
import io.backupwebhooks.shared.store.EmailTokenStore;
import io.backupwebhooks.shared.store.EmailTokenStore.Purpose;
import io.backupwebhooks.shared.store.ReportSettings;
import io.backupwebhooks.shared.store.ReportSettings.Recipient;
import io.backupwebhooks.shared.store.ReportSettingsStore;

/**
 * The {@code /report} routes: an account's daily report settings (recipients, hour, time zone, enabled), and the two
 * public links of its emails: confirm an address (a single-use token, valid 7 days) and unsubscribe one (RFC 8058
 * one-click). A new address gets one confirmation email; reports go to confirmed addresses only.
 */
@ApplicationScoped
public class ReportApi {

    private static final Logger LOG = Logger.getLogger(ReportApi.class);

    static final int MAX_RECIPIENTS = 10;
    static final Duration CONFIRMATION_VALID = Duration.ofDays(7);
    static final int DEFAULT_HOUR = 8;
    private static final int MAX_ADDRESS = 254;
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    private static final int WRITE_ATTEMPTS = 3;

    private final ReportSettingsStore settings;
    private final EmailTokenStore tokens;
    private final Mailer mailer;
    private final ReportMail reports;
    private final Optional<String> publicBaseUrl;

    ReportApi(ReportSettingsStore settings, EmailTokenStore tokens, Mailer mailer, ReportMail reports,
            ServiceConfig config) {
        this.settings = settings;
        this.tokens = tokens;
        this.mailer = mailer;
        this.reports = reports;
        this.publicBaseUrl = config.report().publicBaseUrl().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    ApiResponse get(ApiRequest request) {
        return ApiResponse.json(200, view(settings.find(request.account()).orElse(defaults(request.account()))));
    }

    ApiResponse put(ApiRequest request) {
        JsonBody body = JsonBody.of(request, Set.of("recipients", "hour", "timezone", "enabled"));
        List<String> addresses = addresses(body.optionalTextArray("recipients", MAX_RECIPIENTS, MAX_ADDRESS));
        int hour = body.optionalInt("hour", 0, 23, DEFAULT_HOUR);
        String timezone = zone(body.optionalText("timezone", 64));
        boolean enabled = body.optionalBoolean("enabled", true);
        Instant now = Views.now();
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            ReportSettings old = settings.find(request.account()).orElse(defaults(request.account()));
            List<Recipient> recipients = new ArrayList<>();
            List<String> added = new ArrayList<>();
            for (String address : addresses) {
                Optional<Recipient> kept = old.recipients().stream().filter(r -> r.address().equals(address)).findFirst();
                recipients.add(kept.orElseGet(() -> new Recipient(address, false, null, now)));
                if (kept.isEmpty()) {
                    added.add(address);
                }
            }
            boolean timingChanged = old.nextReportAt() == null || old.hour() != hour || !old.timezone().equals(timezone);
            Instant next = !enabled ? null
                    : timingChanged ? ReportClock.nextAt(hour, ZoneId.of(timezone), now) : old.nextReportAt();
            ReportSettings updated = new ReportSettings(request.account(), enabled, hour, timezone, List.copyOf(recipients),
                    next, old.lastReportDay(), linkBase(request), now, old.version());
            if (!settings.save(updated)) {
                continue; // someone else wrote in between: apply this request to what is there now
            }
            old.recipients().stream().filter(r -> !addresses.contains(r.address()) && r.unsubscribeToken() != null)
                    .forEach(r -> tokens.remove(r.unsubscribeToken()));
            for (String address : added) {
                sendConfirmation(request.account(), address, updated.linkBase(), now);
            }
            return ApiResponse.json(200, view(new ReportSettings(updated.account(), updated.enabled(), updated.hour(),
                    updated.timezone(), updated.recipients(), updated.nextReportAt(), updated.lastReportDay(),
                    updated.linkBase(), updated.updatedAt(), updated.version() + 1)));
        }
        throw ApiException.conflict("the report settings were changed at the same time; send the request again");
    }

    /** Sends today's report so far to the confirmed recipients, now; answers how many emails were sent. */
    ApiResponse test(ApiRequest request) {
        ReportSettings current = settings.find(request.account())
                .orElseThrow(() -> ApiException.notFound("the daily report has no recipients yet"));
        if (current.confirmed().isEmpty()) {
            throw ApiException.conflict("no recipient of the daily report has confirmed their address yet");
        }
        ObjectNode body = Views.object();
        body.put("sent", reports.sendToday(current, Views.now()));
        return ApiResponse.json(200, body);
    }

    /** GET of a confirmation link: a page with one button (mail scanners that follow links confirm nothing). */
    ApiResponse confirmPage(ApiRequest request) {
        return page(200, "Confirm the daily backup report",
                "<p>Send the daily backup report to this address?</p>" + form("confirm", request, "Confirm"));
    }

    ApiResponse confirm(ApiRequest request) {
        Instant now = Views.now();
        Optional<EmailTokenStore.Token> token = tokens.take(request.query().get("token"), Purpose.CONFIRM, now);
        if (token.isEmpty()) {
            return page(404, "Link not valid", "<p>This confirmation link was used already, has expired, or is not one we sent.</p>");
        }
        String account = token.get().account();
        String address = token.get().address();
        String unsubscribe = EmailTokenStore.newToken();
        tokens.put(unsubscribe, Purpose.UNSUBSCRIBE, account, address, null);
        boolean confirmed = change(account, address, r -> new Recipient(r.address(), true, unsubscribe, r.addedAt()));
        if (!confirmed) {
            tokens.remove(unsubscribe);
            return page(404, "Address not on the list", "<p>This address is no longer on the report's list.</p>");
        }
        LOG.infof("report recipient confirmed for %s", account);
        return page(200, "Confirmed", "<p>" + escape(address) + " will receive the daily backup report of account "
                + escape(account) + ".</p>");
    }

    /** GET of an unsubscribe link: a page with one button; the one-click POST (RFC 8058) needs none. */
    ApiResponse unsubscribePage(ApiRequest request) {
        return page(200, "Unsubscribe from the daily backup report",
                "<p>Stop sending the daily backup report to this address?</p>" + form("unsubscribe", request, "Unsubscribe"));
    }

    ApiResponse unsubscribe(ApiRequest request) {
        Optional<EmailTokenStore.Token> token = tokens.take(request.query().get("token"), Purpose.UNSUBSCRIBE, Views.now());
        if (token.isEmpty()) {
            return page(404, "Link not valid", "<p>This unsubscribe link was used already or is not one we sent.</p>");
        }
        change(token.get().account(), token.get().address(), r -> null);
        return page(200, "Unsubscribed", "<p>" + escape(token.get().address())
                + " will no longer receive the daily backup report.</p>");
    }

    /** Replaces (or with null removes) {@code address} in the account's list; false when it is not on it. */
    private boolean change(String account, String address, java.util.function.UnaryOperator<Recipient> how) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Optional<ReportSettings> current = settings.find(account);
            if (current.isEmpty() || current.get().recipients().stream().noneMatch(r -> r.address().equals(address))) {
                return false;
            }
            ReportSettings s = current.get();
            List<Recipient> recipients = new ArrayList<>();
            for (Recipient r : s.recipients()) {
                Recipient changed = r.address().equals(address) ? how.apply(r) : r;
                if (changed != null) {
                    recipients.add(changed);
                }
            }
            if (settings.save(new ReportSettings(s.account(), s.enabled(), s.hour(), s.timezone(), List.copyOf(recipients),
                    s.nextReportAt(), s.lastReportDay(), s.linkBase(), Views.now(), s.version()))) {
                return true;
            }
        }
        throw ApiException.conflict("the report settings were changed at the same time; open the link again");
    }

    private void sendConfirmation(String account, String address, String linkBase, Instant now) {
        String token = EmailTokenStore.newToken();
        tokens.put(token, Purpose.CONFIRM, account, address, now.plus(CONFIRMATION_VALID));
        String link = linkBase + "/report/confirm?token=" + token;
        String text = "Someone asked to send the daily backup report of account " + account + " to this address.\n\n"
                + "To receive it, confirm within 7 days:\n" + link + "\n\n"
                + "If you did not expect this, ignore this email: nothing is sent without confirmation.\n";
        String html = "<p>Someone asked to send the daily backup report of account <b>" + escape(account)
                + "</b> to this address.</p><p><a href=\"" + escape(link) + "\">Confirm this address</a> (valid 7 days)."
                + "</p><p>If you did not expect this, ignore this email: nothing is sent without confirmation.</p>";
        mailer.send(new Mailer.Email(address, "Confirm the daily backup report for " + account, text, html, Map.of()));
    }

    private String linkBase(ApiRequest request) {
        if (publicBaseUrl.isPresent()) {
            return publicBaseUrl.get();
        }
        String host = request.header("host");
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("PUBLIC_BASE_URL is not set and the request names no host");
        }
        boolean local = host.startsWith("127.0.0.1") || host.startsWith("localhost") || host.startsWith("[::1]");
        return (local ? "http://" : "https://") + host;
    }

    private static List<String> addresses(List<String> given) {
        Set<String> addresses = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String address = given.get(i).trim();
            if (!ADDRESS.matcher(address).matches()) {
                throw ApiException.badRequest("field 'recipients[" + i + "]' is not an email address: '" + address + "'");
            }
            int at = address.lastIndexOf('@');
            addresses.add(address.substring(0, at) + address.substring(at).toLowerCase(Locale.ROOT));
        }
        return List.copyOf(addresses);
    }

    private static String zone(String given) {
        if (given == null) {
            return "UTC";
        }
        String id = given.trim();
        if (!ZoneId.getAvailableZoneIds().contains(id)) {
            throw ApiException.badRequest("field 'timezone' must be an IANA time zone id (e.g. 'America/Chicago', "
                    + "'Europe/Berlin', 'UTC'); fixed offsets such as '+05:00' are refused, not '" + id + "'");
        }
        return id;
    }

    private static ReportSettings defaults(String account) {
        return new ReportSettings(account, false, DEFAULT_HOUR, "UTC", List.of(), null, null, null, Instant.EPOCH, 0);
    }

    private static ObjectNode view(ReportSettings s) {
        ObjectNode o = Views.object();
        o.put("enabled", s.enabled());
        o.put("hour", s.hour());
        o.put("timezone", s.timezone());
        ArrayNode recipients = o.putArray("recipients");
        s.recipients().forEach(r -> recipients.addObject().put("address", r.address()).put("confirmed", r.confirmed()));
        o.put("nextReportAt", s.nextReportAt() == null ? null : s.nextReportAt().toString());
        o.put("lastReportDay", s.lastReportDay());
        return o;
    }

    private static String form(String action, ApiRequest request, String button) {
        String token = request.query().getOrDefault("token", "");
        return "<form method=\"post\" action=\"" + action + "?token=" + escape(token) + "\"><button type=\"submit\">"
                + button + "</button></form>";
    }

    /** The public links' small pages: no script, no style, forms only to this origin. */
    static ApiResponse page(int status, String title, String content) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
                + "</title></head><body><h1>" + escape(title) + "</h1>" + content + "</body></html>";
        return new ApiResponse(status, Map.of("Content-Type", "text/html; charset=utf-8"), html)
                .withHeader("Content-Security-Policy", "default-src 'none'; form-action 'self'; base-uri 'none'; "
                        + "frame-ancestors 'none'")
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Referrer-Policy", "no-referrer")
                .withHeader("Cache-Control", "no-store");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
