package io.backupwebhooks.shared.queue;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.webhook.MissingAlert;

/**
 * Sends missed-start alerts to the missing-alerts queue, up to 10 a request, each with its account as MessageGroupId
 * ({@link QueueSender}). Returns which ones SQS accepted; a request that fails as a whole accepts none.
 */
@ApplicationScoped
public class AlertQueue {

    /** SQS's limit of entries per SendMessageBatch. */
    public static final int BATCH = QueueSender.BATCH;

    private final QueueSender queue;
    private final ServiceConfig config;

    AlertQueue(QueueSender queue, ServiceConfig config) {
        this.queue = queue;
        this.config = config;
    }

    /**
     * Sends up to {@link #BATCH} alerts in one request; returns, for each alert in order, whether SQS accepted it.
     */
    public boolean[] send(List<MissingAlert> alerts) {
        String url = config.queues()
                .missingAlertsUrl()
                .orElseThrow(() -> new IllegalStateException("MISSING_ALERTS_QUEUE_URL is not set"));
        return queue.send(
                url,
                alerts.stream()
                        .map(a -> new QueueSender.Message(a.toMessage(), a.account()))
                        .toList());
    }
}
