package io.backupwebhooks.shared.webhook;

/** The event cannot be finished now (another worker's attempt is in flight); the queue should bring it back. */
public class RetryLaterException extends RuntimeException {
    public RetryLaterException(String message) {
        super(message);
    }
}
