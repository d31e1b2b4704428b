package io.backupwebhooks.shared.observability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.jboss.logging.MDC;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import io.quarkus.funqy.lambda.FunqyStreamHandler;

/**
 * The java21 runtime's handler (template, JVM packaging): Funqy's, with the invocation's request id in the MDC, as
 * Quarkus's own Runtime API loop (native packaging) sets it, so that every log line of the invocation carries it.
 */
public class ObservedStreamHandler implements RequestStreamHandler {

    private final FunqyStreamHandler funqy = new FunqyStreamHandler();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        MDC.put(LogContext.REQUEST_ID, context.getAwsRequestId());
        try {
            funqy.handleRequest(input, output, context);
        } finally {
            MDC.remove(LogContext.REQUEST_ID);
            MDC.remove(LogContext.COLD_START);
        }
    }
}
