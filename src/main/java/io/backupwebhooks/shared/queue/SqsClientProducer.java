package io.backupwebhooks.shared.queue;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.backupwebhooks.shared.config.LocalAws;
import io.backupwebhooks.shared.config.ServiceConfig;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The SQS client (plain AWS SDK, the JDK's URL connection as HTTP client). Application scoped, so the bean is a proxy
 * and the client is only built at its first use: functions that never send (delivery, admin) never pay for it at
 * cold start. Region and credentials come from Lambda's environment (the SDK's default chains); locally, see {@link LocalAws}.
 */
@ApplicationScoped
public class SqsClientProducer {

    @Produces
    @ApplicationScoped
    SqsClient sqs(ServiceConfig config) {
        SqsClientBuilder builder = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10))
                        .build());
        config.queues().endpointOverride().ifPresent(endpoint -> LocalAws.endpoint(builder, endpoint));
        return builder.build();
    }

    void close(@Disposes SqsClient sqs) {
        sqs.close();
    }
}
