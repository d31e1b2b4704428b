package io.backupwebhooks.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event to the function under test of a {@code @QuarkusTest}, through Quarkus's mock Lambda event server (the
 * Runtime API, as Lambda invokes it), and the function's answer.
 */
public final class Lambda {

    private Lambda() {}

    /** The function's answer to {@code event}, as it came (empty for a function that answers nothing). */
    public static String invoke(String event) {
        return given().contentType("application/json")
                .body(event)
                .when()
                .post()
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** The answer as JSON: {@code {}} when it was empty (a function that returns nothing, as for a batch that all went well). */
    public static JsonNode invokeJson(String event) {
        String body = invoke(event);
        return Samples.tree(body.isEmpty() ? "{}" : body);
    }
}
