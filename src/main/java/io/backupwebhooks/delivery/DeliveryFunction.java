package io.backupwebhooks.delivery;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

import io.backupwebhooks.shared.observability.LogContext;
import io.backupwebhooks.shared.observability.Metrics;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The delivery Lambda: triggered by the lifecycle-event, missing-alerts and policy queues. Funqy calls it once per
 * record and runs the records of a batch concurrently; a record whose Uni fails is reported back to SQS as a batch item
 * failure.
 *
 * <p>Each record's outcome is emitted on one serial thread: Funqy collects the failed records' ids in a plain
 * {@code ArrayList} from the threads the Unis end on (quarkus-funqy-amazon-lambda 3.34.2, {@code EventErrorHandler}),
 * so two records failing at the same instant could lose one id, and SQS would delete a record that failed.
 */
public class DeliveryFunction {

    /** Where every record's outcome is emitted, one at a time (a daemon thread: it never holds the process). */
    private static final java.util.concurrent.Executor OUTCOMES =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "delivery-outcomes");
                t.setDaemon(true);
                return t;
            });

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
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(OUTCOMES);
    }
}
