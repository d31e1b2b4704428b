package io.backupwebhooks.admin.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table of routes: method + path pattern ({@code /webhooks/{eventType}}) to handler. A path that no route has is
 * 404; a path whose routes lack the method is 405 with {@code Allow}.
 */
public final class Router {

    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    /** A route; an {@code open} one is served without an account (the public page), all others need one. */
    public record Route(String method, String pattern, boolean open, Handler handler) {
        Map<String, String> match(String[] segments) {
            String[] parts = split(pattern);
            if (parts.length != segments.length) {
                return null;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].startsWith("{")) {
                    values.put(parts[i].substring(1, parts[i].length() - 1), segments[i]);
                } else if (!parts[i].equals(segments[i])) {
                    return null;
                }
            }
            return values;
        }
    }

    private final List<Route> routes = new ArrayList<>();

    public Router route(String method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern, false, handler));
        return this;
    }

    public Router openRoute(String method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern, true, handler));
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public ApiResponse dispatch(ApiRequest request) {
        String[] segments = split(request.rawPath() == null ? "/" : request.rawPath());
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> values = route.match(segments);
            if (values == null) {
                continue;
            }
            if (route.method().equals(request.method())) {
                if (!route.open() && request.account() == null) {
                    throw unauthenticated();
                }
                return route.handler().handle(request.withPath(values));
            }
            allowed.add(route.method());
        }
        if (request.account() == null) {
            throw unauthenticated();
        }
        if (allowed.isEmpty()) {
            throw ApiException.notFound("there is no resource at " + request.rawPath());
        }
        throw ApiException.methodNotAllowed(request.method(), String.join(", ", allowed));
    }

    private static ApiException unauthenticated() {
        return ApiException.unauthorized("the request has no account claim; sign in again");
    }

    private static String[] split(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
