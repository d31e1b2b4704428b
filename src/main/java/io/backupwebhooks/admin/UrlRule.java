package io.backupwebhooks.admin;

import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.backupwebhooks.admin.http.ApiException;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.net.PublicAddressGuard;
import io.backupwebhooks.shared.net.PublicAddressGuard.BlockedAddressException;
import io.backupwebhooks.shared.net.WebhookUrl;
import io.backupwebhooks.shared.net.WebhookUrl.InvalidUrlException;

/**
 * What a subscription URL must be at save time: absolute http or https, at most 2048 characters, no user-info, an
 * ASCII host (IDN as punycode) that resolves now to public addresses only. The sender checks the address again when
 * it connects.
 */
@ApplicationScoped
public class UrlRule {

    public static final int MAX_LENGTH = 2048;

    private final PublicAddressGuard guard;

    @Inject
    UrlRule(ServiceConfig config) {
        this(new PublicAddressGuard(config.delivery().allowLoopbackTargets()));
    }

    UrlRule(PublicAddressGuard guard) {
        this.guard = guard;
    }

    /** The URL, if it passes; otherwise a 400 that says which rule it breaks. */
    public String check(String url) {
        if (url.length() > MAX_LENGTH) {
            throw invalid("is over " + MAX_LENGTH + " characters");
        }
        if (!url.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw invalid("must be ASCII without spaces or control characters (percent-encode the rest, "
                    + "write international host names in punycode)");
        }
        String host;
        try {
            host = WebhookUrl.parse(url).host();
        } catch (InvalidUrlException e) {
            if (e.problem() == WebhookUrl.Problem.NO_HOST) {
                refuseOddAddress(e.authority());
            }
            throw invalid(e.getMessage());
        }
        boolean named;
        try {
            named = PublicAddressGuard.literal(host).isEmpty();
        } catch (IllegalArgumentException e) {
            throw invalid("has a host that is not a valid address: " + host);
        }
        try {
            guard.resolve(host);
        } catch (BlockedAddressException e) {
            // for a name, say which rule and not what it resolves to: that would map the caller's view of our DNS
            throw invalid("is not on the public internet: "
                    + (named ? "the host " + host + " resolves to a non-public address" : e.getMessage()));
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw invalid("has a host that does not resolve: " + host);
        }
        return url;
    }

    /** An authority java.net.URI cannot read as a host, such as {@code 0x0a.0.0.1}, may still be an address. */
    private void refuseOddAddress(String authority) {
        if (authority == null) {
            return;
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":\\d*$", "");
        try {
            PublicAddressGuard.literal(host).flatMap(guard::refusal).ifPresent(reason -> {
                throw invalid("is not on the public internet: " + host + " is refused: " + reason);
            });
        } catch (IllegalArgumentException notAnAddress) {
            // not an address in any spelling: the caller's message fits
        }
    }

    private static ApiException invalid(String rule) {
        return ApiException.badRequest("field 'url' " + rule);
    }
}
