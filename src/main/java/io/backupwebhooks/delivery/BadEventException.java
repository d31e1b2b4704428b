package io.backupwebhooks.delivery;

/** A queue record that can never be processed as it is; the message says why. */
public class BadEventException extends Exception {
    public BadEventException(String reason) {
        super(reason);
    }
}
