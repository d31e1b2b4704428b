package io.backupwebhooks.shared.queue;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.config.ServiceConfig;
import io.backupwebhooks.shared.webhook.MissingAlert;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends missed-start alerts to the missing-alerts queue, up to 10 a request (SendMessageBatch), each with its account
 * as MessageGroupId (SQS fair queues on a standard queue). Returns which ones SQS accepted; a request that fails as a
 * whole accepts none.
 */
@ApplicationScoped
public class AlertQueue {

    /** SQS's limit of entries per SendMessageBatch. */
    public static final int BATCH = 10;

    private static final Logger LOG = Logger.getLogger(AlertQueue.class);

    private final SqsClient sqs;
    private final ServiceConfig config;

    AlertQueue(SqsClient sqs, ServiceConfig config) {
        this.sqs = sqs;
        this.config = config;
    }

    /**
     * Sends up to {@link #BATCH} alerts in one request; returns, for each alert in order, whether SQS accepted it.
     */
    public boolean[] send(List<MissingAlert> alerts) {
        if (alerts.size() > BATCH) {
            throw new IllegalArgumentException("at most " + BATCH + " alerts a request");
        }
        boolean[] accepted = new boolean[alerts.size()];
        String url = config.queues()
                .missingAlertsUrl()
                .orElseThrow(() -> new IllegalStateException("MISSING_ALERTS_QUEUE_URL is not set"));
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            // MessageGroupId on a standard queue: SQS fair queues keep one account's backlog from delaying the others
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(alerts.get(i).toMessage())
                    .messageGroupId(alerts.get(i).account())
                    .build());
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        } catch (RuntimeException e) {
            LOG.warnf("sending %d alerts failed: %s", alerts.size(), e.toString());
            return accepted;
        }
        response.successful().forEach(ok -> accepted[Integer.parseInt(ok.id())] = true);
        response.failed()
                .forEach(f -> LOG.warnf(
                        "alert %s not accepted: %s %s",
                        alerts.get(Integer.parseInt(f.id())).eventId(), f.code(), f.message()));
        return accepted;
    }
}
