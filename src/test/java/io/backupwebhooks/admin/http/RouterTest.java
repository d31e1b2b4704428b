package io.backupwebhooks.admin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The route table on its own: matching, path values, 401/404/405 and open routes. */
class RouterTest {

    final Router router = new Router()
            .route("GET", "/webhooks", r -> answer("list"))
            .route("GET", "/webhooks/{eventType}", r -> answer("get " + r.pathParam("eventType")))
            .route("PUT", "/webhooks/{eventType}", r -> answer("put " + r.pathParam("eventType")))
            .route(
                    "DELETE",
                    "/policies/{accountPolicyId}/servers/{serverPolicyId}",
                    r -> answer(r.pathParam("accountPolicyId") + "/" + r.pathParam("serverPolicyId")))
            .openRoute("GET", "/", r -> answer("page"));

    static ApiResponse answer(String body) {
        return new ApiResponse(200, Map.of(), body);
    }

    static ApiRequest request(String method, String path, String account) {
        return new ApiRequest(method, path, Map.of(), Map.of(), null, account, Map.of());
    }

    @Test
    void givenARouteWithPathValues_whenCalled_thenItsHandlerGetsThem() {
        assertEquals(
                "get SUCCESS",
                router.dispatch(request("GET", "/webhooks/SUCCESS", "ACC")).body());
        assertEquals(
                "put FAILED",
                router.dispatch(request("PUT", "/webhooks/FAILED", "ACC")).body());
        assertEquals(
                "ap-1/sp-2",
                router.dispatch(request("DELETE", "/policies/ap-1/servers/sp-2", "ACC"))
                        .body());
    }

    @Test
    void givenTrailingOrDoubledSlashesAtTheEnds_whenCalled_thenTheSameRoute() {
        assertEquals(
                "list", router.dispatch(request("GET", "/webhooks/", "ACC")).body());
        assertEquals(
                "list", router.dispatch(request("GET", "//webhooks//", "ACC")).body());
    }

    @Test
    void givenAnUnknownPath_whenCalledWithAnAccount_then404() {
        assertEquals(
                404,
                assertThrows(ApiException.class, () -> router.dispatch(request("GET", "/nothing/here", "ACC")))
                        .status());
        assertEquals(
                404,
                assertThrows(
                                ApiException.class,
                                () -> router.dispatch(request("GET", "/webhooks/SUCCESS/extra", "ACC")))
                        .status());
    }

    @Test
    void givenNoAccount_whenAnyButAnOpenRouteIsCalled_then401EvenForAnUnknownPathOrMethod() {
        assertEquals(
                401,
                assertThrows(ApiException.class, () -> router.dispatch(request("GET", "/webhooks", null)))
                        .status());
        assertEquals(
                401,
                assertThrows(ApiException.class, () -> router.dispatch(request("GET", "/nothing", null)))
                        .status());
        assertEquals(
                401,
                assertThrows(ApiException.class, () -> router.dispatch(request("POST", "/webhooks/SUCCESS", null)))
                        .status());
        assertEquals("page", router.dispatch(request("GET", "/", null)).body());
    }

    @Test
    void givenAKnownPathAndAnotherMethod_whenCalled_then405WithAllowListingItsMethods() {
        ApiException e =
                assertThrows(ApiException.class, () -> router.dispatch(request("POST", "/webhooks/SUCCESS", "ACC")));
        assertEquals(405, e.status());
        assertEquals("GET, PUT", e.toResponse().headers().get("Allow"));
    }

    @Test
    void givenTheTable_whenListed_thenEveryRouteInOrderWithItsOpenness() {
        assertEquals(5, router.routes().size());
        assertEquals("/webhooks/{eventType}", router.routes().get(1).pattern());
        assertEquals(true, router.routes().get(4).open());
        assertEquals(false, router.routes().get(0).open());
    }
}
