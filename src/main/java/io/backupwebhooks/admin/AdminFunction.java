package io.backupwebhooks.admin;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.admin.http.ApiException;
import io.backupwebhooks.shared.config.ServiceConfig;
import io.quarkus.funqy.Funq;

/** The admin Lambda, behind an API Gateway HTTP API with a JWT authorizer (payload format 2.0). */
public class AdminFunction {

    private static final Logger LOG = Logger.getLogger(AdminFunction.class);

    private final AdminRoutes routes;
    private final String accountClaim;

    AdminFunction(AdminRoutes routes, ServiceConfig config) {
        this.routes = routes;
        this.accountClaim = config.admin().accountClaim();
    }

    @Funq("admin")
    public ObjectNode admin(JsonNode event) {
        try {
            return routes.handle(ApiEvents.from(event, accountClaim)).toLambda();
        } catch (ApiException e) {
            return e.toResponse().toLambda();
        } catch (RuntimeException e) {
            LOG.error("admin request failed", e);
            return ApiException.internal().toResponse().toLambda();
        }
    }
}
