package io.backupwebhooks.testing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Marks the AWS requests that a test makes itself, to arrange or read its data, so that {@link AwsGate} lets them
 * through unchecked: they are not the function's. A {@code @QuarkusTest} shares the function's DynamoDB client, and
 * JUnit runs test methods and their set-up on the {@code main} thread, while the function runs its invocations on
 * the Lambda poll loop's and the worker pool's threads, and so is always checked. Registered in the test profiles
 * only ({@code quarkus.dynamodb.interceptors}); nothing of it ships.
 */
public class GateHarnessMarker implements ExecutionInterceptor {

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (!"main".equals(Thread.currentThread().getName())) {
            return context.httpRequest();
        }
        return context.httpRequest().toBuilder().putHeader(AwsGate.HARNESS_HEADER, "test").build();
    }
}
