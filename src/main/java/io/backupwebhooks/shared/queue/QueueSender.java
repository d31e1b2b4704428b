package io.backupwebhooks.shared.queue;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends messages to a queue, up to 10 a request (SendMessageBatch), each with a MessageGroupId (its account: SQS fair
 * queues on a standard queue keep one account's backlog from delaying the others). Returns which ones SQS accepted;
 * a request that fails as a whole accepts none.
 */
@ApplicationScoped
public class QueueSender {

    /** SQS's limit of entries per SendMessageBatch. */
    public static final int BATCH = 10;

    private static final Logger LOG = Logger.getLogger(QueueSender.class);

    /** One message: its body and its group (the account). */
    public record Message(String body, String group) {}

    private final SqsClient sqs;

    QueueSender(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** Sends up to {@link #BATCH} messages in one request; returns, for each in order, whether SQS accepted it. */
    public boolean[] send(String url, List<Message> messages) {
        if (messages.size() > BATCH) {
            throw new IllegalArgumentException("at most " + BATCH + " messages a request");
        }
        boolean[] accepted = new boolean[messages.size()];
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(messages.get(i).body())
                    .messageGroupId(messages.get(i).group())
                    .build());
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        } catch (RuntimeException e) {
            LOG.warnf("sending %d messages failed: %s", messages.size(), e.toString());
            return accepted;
        }
        response.successful().forEach(ok -> accepted[Integer.parseInt(ok.id())] = true);
        response.failed().forEach(f -> LOG.warnf("message %s not accepted: %s %s", f.id(), f.code(), f.message()));
        return accepted;
    }
}
