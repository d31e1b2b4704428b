package io.backupwebhooks.admin;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
import io.backupwebhooks.shared.mail.AddressHash;
import io.backupwebhooks.shared.report.ReportMail;
import io.backupwebhooks.shared.schedule.ReportClock;
import io.backupwebhooks.shared.store.EmailTokenStore;
import io.backupwebhooks.shared.store.ReportSettings;
import io.backupwebhooks.shared.store.ReportSettings.Recipient;
import io.backupwebhooks.shared.store.ReportSettingsStore;

/**
 * The {@code /report} routes of an account: its daily report settings (recipients, hour, time zone, enabled) and a test
 * send. A new address gets one confirmation email ({@link ConfirmationMail}); reports go to confirmed addresses only;
 * the emails' public links are {@link ReportLinks}.
 */
@ApplicationScoped
public class ReportApi {

    private static final Logger LOG = Logger.getLogger(ReportApi.class);

    static final int MAX_RECIPIENTS = 10;
    static final int DEFAULT_HOUR = 8;
    private static final int MAX_ADDRESS = 254;
    private static final Pattern ADDRESS =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    private final ReportSettingsStore settings;
    private final EmailTokenStore tokens;
    private final ConfirmationMail confirmations;
    private final ReportMail reports;
    private final TestSendLimit limits;

    ReportApi(
            ReportSettingsStore settings,
            EmailTokenStore tokens,
            ConfirmationMail confirmations,
            ReportMail reports,
            TestSendLimit limits) {
        this.limits = limits;
        this.settings = settings;
        this.tokens = tokens;
        this.confirmations = confirmations;
        this.reports = reports;
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
        requireAddable(request.account(), addresses, now);
        List<String> added = new ArrayList<>();
        ReportSettings updated = OptimisticUpdate.retry(
                () -> {
                    ReportSettings old = settings.find(request.account()).orElse(defaults(request.account()));
                    List<Recipient> recipients = new ArrayList<>();
                    added.clear();
                    for (String address : addresses) {
                        Optional<Recipient> kept = old.recipients().stream()
                                .filter(r -> r.address().equalsIgnoreCase(address))
                                .findFirst();
                        recipients.add(kept.orElseGet(() -> new Recipient(address, false, null, now)));
                        if (kept.isEmpty()) {
                            added.add(address);
                        }
                    }
                    boolean timingChanged = old.nextReportAt() == null
                            || old.hour() != hour
                            || !old.timezone().equals(timezone);
                    Instant next = !enabled
                            ? null
                            : timingChanged ? ReportClock.nextAt(hour, ZoneId.of(timezone), now) : old.nextReportAt();
                    if (next != null
                            && old.pending() != null
                            && old.nextReportAt() != null
                            && old.nextReportAt().isBefore(next)) {
                        next = old.nextReportAt(); // a day still being sent keeps its retry
                    }
                    ReportSettings candidate = new ReportSettings(
                            request.account(),
                            enabled,
                            hour,
                            timezone,
                            List.copyOf(recipients),
                            next,
                            old.lastReportDay(),
                            confirmations.linkBase(request),
                            now,
                            old.version(),
                            old.pending());
                    if (!settings.save(candidate)) {
                        return Optional
                                .empty(); // someone else wrote in between: apply this request to what is there now
                    }
                    old.recipients().stream()
                            .filter(r -> !addresses.contains(r.address().toLowerCase(Locale.ROOT))
                                    && r.unsubscribeToken() != null)
                            .forEach(r -> tokens.remove(r.unsubscribeToken()));
                    return Optional.of(candidate);
                },
                "the report settings were changed at the same time; send the request again");
        List<String> unsent = new ArrayList<>();
        for (String address : added) {
            try {
                if (!limits.startConfirmationCooldown(address, now)) {
                    throw new IllegalStateException("another confirmation to this address went out a moment ago");
                }
                confirmations.send(request.account(), address, updated.linkBase(), now);
                LOG.infof("report recipient added to %s: address %s", request.account(), AddressHash.of(address));
            } catch (RuntimeException e) {
                LOG.warnf(
                        "the confirmation email for a new report recipient of %s could not be sent: %s",
                        request.account(), e.toString());
                unsent.add(address);
            }
        }
        if (!unsent.isEmpty()) {
            // an address whose confirmation never left is not kept: it would wait for a link that never comes, and
            // a repeated PUT (which sends only to new addresses) would never send one
            unsent.forEach(address -> remove(request.account(), address));
            throw ApiException.unavailable("the confirmation email to " + unsent + " could not be sent, so "
                    + (unsent.size() == 1 ? "that address was" : "those addresses were")
                    + " not added; the other changes were saved. Send the request again later");
        }
        return ApiResponse.json(
                200,
                view(new ReportSettings(
                        updated.account(),
                        updated.enabled(),
                        updated.hour(),
                        updated.timezone(),
                        updated.recipients(),
                        updated.nextReportAt(),
                        updated.lastReportDay(),
                        updated.linkBase(),
                        updated.updatedAt(),
                        updated.version() + 1,
                        updated.pending())));
    }

    /**
     * The abuse limits on new addresses (issue 19), checked before anything is saved: an address that asked never to be
     * emailed (409), one sent a confirmation within 24 hours by any account (429), and at most 10 new addresses a day
     * per account (429). Each names its rule.
     */
    private void requireAddable(String account, List<String> addresses, Instant now) {
        List<Recipient> known =
                settings.find(account).map(ReportSettings::recipients).orElse(List.of());
        List<String> fresh = addresses.stream()
                .filter(a -> known.stream().noneMatch(r -> r.address().equalsIgnoreCase(a)))
                .toList();
        if (fresh.isEmpty()) {
            return;
        }
        for (String address : fresh) {
            if (tokens.suppressed(AddressHash.of(address))) {
                throw ApiException.conflict("recipients: " + address + " asked never to receive email from Backup"
                        + " Webhooks (the link in a confirmation email); no account can add it");
            }
            limits.requireNoConfirmationSince(address, now);
        }
        limits.takeNewAddresses(account, fresh.size(), now);
    }

    /** Takes an unconfirmed {@code address} off the account's list again. */
    private void remove(String account, String address) {
        OptimisticUpdate.retry(
                () -> {
                    Optional<ReportSettings> current = settings.find(account);
                    if (current.isEmpty()) {
                        return Optional.of(false);
                    }
                    ReportSettings s = current.get();
                    List<Recipient> kept = s.recipients().stream()
                            .filter(r -> !(r.address().equals(address) && !r.confirmed()))
                            .toList();
                    return settings.save(new ReportSettings(
                                    s.account(),
                                    s.enabled(),
                                    s.hour(),
                                    s.timezone(),
                                    kept,
                                    s.nextReportAt(),
                                    s.lastReportDay(),
                                    s.linkBase(),
                                    Views.now(),
                                    s.version(),
                                    s.pending()))
                            ? Optional.of(true)
                            : Optional.empty();
                },
                "the report settings were changed at the same time; send the request again");
    }

    /** Sends today's report so far to the confirmed recipients, now; answers how many emails were sent. */
    ApiResponse test(ApiRequest request) {
        ReportSettings current = settings.find(request.account())
                .orElseThrow(() -> ApiException.notFound("the daily report has no recipients yet"));
        if (current.confirmed().isEmpty()) {
            throw ApiException.conflict("no recipient of the daily report has confirmed their address yet");
        }
        Instant now = Views.now();
        limits.takeReportTest(request.account(), now);
        ObjectNode body = Views.object();
        body.put("sent", reports.sendToday(current, now));
        return ApiResponse.json(200, body);
    }

    private static List<String> addresses(List<String> given) {
        Set<String> addresses = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String address = given.get(i).trim();
            if (!ADDRESS.matcher(address).matches()) {
                throw ApiException.badRequest(
                        "field 'recipients[" + i + "]' is not an email address: '" + address + "'");
            }
            // compared and kept in lower case: Victim@x and vIctim@x are one mailbox, and one recipient
            addresses.add(address.toLowerCase(Locale.ROOT));
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
        s.recipients()
                .forEach(r -> recipients.addObject().put("address", r.address()).put("confirmed", r.confirmed()));
        o.put("nextReportAt", s.nextReportAt() == null ? null : s.nextReportAt().toString());
        o.put("lastReportDay", s.lastReportDay());
        return o;
    }
}
