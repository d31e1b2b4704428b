package io.backupwebhooks.shared.config;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * The one place where a plain SDK client (SQS, SES) is pointed at a local endpoint: the local run and the tests set
 * one, a deployment never does. Then the region is Lambda's ({@code AWS_REGION}) or {@code us-east-1}, and the
 * credentials the default chain's or else {@code local}/{@code local}, so that nothing JVM-wide has to be set. Without
 * an endpoint the builder is left as it is: in Lambda, region and role come from the environment.
 */
public final class LocalAws {

    private LocalAws() {}

    public static <B extends AwsClientBuilder<B, ?>> B endpoint(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(AwsCredentialsProviderChain.of(
                        DefaultCredentialsProvider.builder().build(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))));
    }
}
