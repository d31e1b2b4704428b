package io.backupwebhooks.testing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Marks the AWS requests that a test makes itself, to arrange or read its data, so that {@link AwsGate} lets them
 * through unchecked: they are not the function's. A {@code @QuarkusTest} shares the function's DynamoDB client, so
 * the test says which requests are its own: those made inside an {@link Arrange} scope. All others are checked. Registered in the test profiles
 * only ({@code quarkus.dynamodb.interceptors}); nothing of it ships.
 */
public class GateHarnessMarker implements ExecutionInterceptor {

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (!Arrange.active()) {
            return context.httpRequest();
        }
        return context.httpRequest().toBuilder()
                .putHeader(AwsGate.HARNESS_HEADER, "test")
                .build();
    }
}
