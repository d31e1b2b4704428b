package io.backupwebhooks.delivery;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

import io.backupwebhooks.shared.observability.LogContext;
import io.backupwebhooks.shared.observability.Metrics;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The delivery Lambda: triggered by the lifecycle-event queue and the missing-alerts queue. Funqy calls it once per record and runs the records
 * of a batch concurrently; a record whose Uni fails is reported back to SQS as a batch item failure.
 */
public class DeliveryFunction {

    private final DeliveryService service;

    DeliveryFunction(DeliveryService service) {
        this.service = service;
    }

    @Funq("delivery")
    public Uni<Void> delivery(SQSMessage message) {
        LogContext.enterInvocation();
        return Uni.createFrom()
                .<Void>item(LogContext.supplier(() -> {
                    try {
                        service.handle(message.getEventSourceArn(), message.getBody());
                    } catch (BadEventException e) {
                        Metrics.malformedRecord("Rejected record " + message.getMessageId() + ": " + e.getMessage());
                        throw new IllegalArgumentException(
                                "bad record " + message.getMessageId() + ": " + e.getMessage(), e);
                    }
                    return null;
                }))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
