package io.backupwebhooks.shared.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A webhook target URL as both the save-time rule and the sender read it: absolute http or https, no user-info, a
 * host that {@link URI} can read, and the port the scheme implies when none is given. Whether the host is public is
 * {@link PublicAddressGuard}'s question, not this one's.
 */
public record WebhookUrl(URI uri, String host, int port, boolean tls) {

    /** Why a string is not a webhook URL. */
    public enum Problem {
        SYNTAX,
        NOT_HTTP,
        USER_INFO,
        NO_HOST,
        PORT
    }

    /** The string is not a webhook URL; the message completes "the URL ..." and says which rule it breaks. */
    public static final class InvalidUrlException extends Exception {

        private final Problem problem;
        private final String authority;

        InvalidUrlException(Problem problem, String message, String authority) {
            super(message);
            this.problem = problem;
            this.authority = authority;
        }

        public Problem problem() {
            return problem;
        }

        /** The raw authority of a URL without a readable host (it may still spell an address), else null. */
        public String authority() {
            return authority;
        }
    }

    public static WebhookUrl parse(String url) throws InvalidUrlException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidUrlException(
                    Problem.SYNTAX, "is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")", null);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new InvalidUrlException(Problem.NOT_HTTP, "must be an absolute http or https URL", null);
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidUrlException(Problem.USER_INFO, "must not contain user-info (user:password@)", null);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new InvalidUrlException(
                    Problem.NO_HOST,
                    "must have a host name or an IP address in the usual dotted form",
                    uri.getRawAuthority());
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw new InvalidUrlException(
                    Problem.PORT, "has port " + uri.getPort() + "; a port must be from 1 to 65535", null);
        }
        boolean tls = scheme.equals("https");
        return new WebhookUrl(uri, host, uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort(), tls);
    }
}
