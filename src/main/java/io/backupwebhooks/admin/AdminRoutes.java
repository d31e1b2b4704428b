package io.backupwebhooks.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.admin.http.ApiRequest;
import io.backupwebhooks.admin.http.ApiResponse;
import io.backupwebhooks.admin.http.Router;
import io.backupwebhooks.shared.config.ServiceConfig;

/**
 * Every route of the admin API, in one table (spec §4; {@code openapi.json} documents exactly these), and the
 * Webhooks page, the only routes served without an account.
 */
@ApplicationScoped
public class AdminRoutes {

    private final Router router;

    AdminRoutes(
            WebhookApi webhooks,
            ResendApi resends,
            PolicyApi policies,
            ReportApi reports,
            ReportLinks links,
            ServiceConfig config) {
        String signIn = signIn(config.admin());
        router = new Router()
                .route("GET", "/webhooks", webhooks::list)
                .route("GET", "/webhooks/{eventType}", webhooks::get)
                .route("PUT", "/webhooks/{eventType}", webhooks::put)
                .route("DELETE", "/webhooks/{eventType}", webhooks::delete)
                .route("POST", "/webhooks/{eventType}/secret", webhooks::rotateSecret)
                .route("POST", "/webhooks/{eventType}/test", webhooks::test)
                .route("GET", "/webhooks/{eventType}/deliveries", webhooks::deliveries)
                .route("POST", "/webhooks/{eventType}/deliveries/resend", resends::recover)
                .route("POST", "/webhooks/{eventType}/deliveries/{deliveryId}/resend", resends::one)
                .route("GET", "/policies", policies::list)
                .route("GET", "/policies/{accountPolicyId}", policies::get)
                .route("PUT", "/policies/{accountPolicyId}", policies::put)
                .route("DELETE", "/policies/{accountPolicyId}", policies::delete)
                .route("GET", "/policies/{accountPolicyId}/servers", policies::listServers)
                .route("PUT", "/policies/{accountPolicyId}/servers/{serverPolicyId}", policies::putServer)
                .route("DELETE", "/policies/{accountPolicyId}/servers/{serverPolicyId}", policies::deleteServer)
                .route("GET", "/report", reports::get)
                .route("PUT", "/report", reports::put)
                .route("POST", "/report/test", reports::test)
                .route("GET", "/openapi.json", request -> resource("openapi.json", "application/json"))
                .openRoute("GET", "/", request -> page("web/index.html", "text/html; charset=utf-8"))
                .openRoute("GET", "/app.js", request -> page("web/app.js", "text/javascript; charset=utf-8"))
                .openRoute("GET", "/app.css", request -> page("web/app.css", "text/css; charset=utf-8"))
                .openRoute(
                        "GET",
                        "/sign-in.json",
                        request -> new ApiResponse(
                                200, Map.of("Content-Type", "application/json", "Cache-Control", "no-cache"), signIn))
                // the links of the report's emails: a token names the account and the address
                .openRoute("GET", "/report/confirm", links::confirmPage)
                .openRoute("POST", "/report/confirm", links::confirm)
                .openRoute("GET", "/report/unsubscribe", links::unsubscribePage)
                .openRoute("POST", "/report/unsubscribe", links::unsubscribe);
    }

    /** Where the page starts a sign-in (OIDC implicit flow with state and nonce); {} when none is configured. */
    static String signIn(ServiceConfig.Admin admin) {
        ObjectNode body = Views.object();
        if (admin.signInUrl().isPresent() && admin.signInClientId().isPresent()) {
            body.put("authorizeUrl", admin.signInUrl().get());
            body.put("clientId", admin.signInClientId().get());
            body.put("scope", admin.scope());
        }
        return body.toString();
    }

    public Router router() {
        return router;
    }

    public ApiResponse handle(ApiRequest request) {
        return router.dispatch(request);
    }

    /** The Webhooks page's own files: no inline script or style is allowed, and nothing but this origin. */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    static ApiResponse page(String name, String contentType) {
        return resource(name, contentType)
                .withHeader("Content-Security-Policy", PAGE_POLICY)
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Referrer-Policy", "no-referrer")
                .withHeader("Cache-Control", "no-cache");
    }

    static ApiResponse resource(String name, String contentType) {
        try (InputStream in = AdminRoutes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the artifact");
            }
            return new ApiResponse(
                    200, Map.of("Content-Type", contentType), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
