package io.backupwebhooks.shared.observability;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.MDC;

/**
 * The MDC keys every log line and metric document carries, and their hand-over to worker threads.
 * <p>
 * {@link #REQUEST_ID} is the key Quarkus's own Runtime API loop (native and tests) sets; {@link ObservedStreamHandler}
 * sets it for the java21 runtime. The event keys are set around one webhook attempt ({@link #event}). Values are
 * ids, an account alias and an event type only: never a URL, a secret or a token.
 */
public final class LogContext {

    public static final String REQUEST_ID = "AWSRequestId";
    public static final String COLD_START = "coldStart";
    public static final String EVENT_ID = "eventId";
    public static final String ACCOUNT = "account";
    public static final String EVENT_TYPE = "eventType";

    /** The first invocation's request id: that invocation, and only it, is the cold start. */
    private static final AtomicReference<String> FIRST_REQUEST = new AtomicReference<>();

    private LogContext() {}

    /**
     * Marks the calling thread's invocation: called where a function is entered (once per queue record, per scan,
     * per API request), it sets {@link #COLD_START} for the first invocation of this process and clears it after.
     */
    public static void enterInvocation() {
        Object requestId = MDC.get(REQUEST_ID);
        String id = requestId == null ? "" : requestId.toString();
        FIRST_REQUEST.compareAndSet(null, id);
        if (id.equals(FIRST_REQUEST.get())) {
            MDC.put(COLD_START, "true");
        } else {
            MDC.remove(COLD_START);
        }
    }

    /** Whether the current thread works for the first invocation. */
    public static boolean coldStart() {
        return "true".equals(MDC.get(COLD_START));
    }

    /** {@code task} run with the calling thread's MDC (request id, cold start, event), on whatever thread runs it. */
    public static <T> Callable<T> propagating(Callable<T> task) {
        Map<String, Object> captured = snapshot();
        return () -> {
            Map<String, Object> before = snapshot();
            replace(captured);
            try {
                return task.call();
            } finally {
                replace(before);
            }
        };
    }

    /** {@code task} run with the calling thread's MDC, as a Supplier (Mutiny's {@code Uni.createFrom().item}). */
    public static <T> java.util.function.Supplier<T> supplier(java.util.function.Supplier<T> task) {
        Callable<T> wrapped = propagating(task::get);
        return () -> {
            try {
                return wrapped.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    public static Runnable propagating(Runnable task) {
        Callable<Void> wrapped = propagating(() -> {
            task.run();
            return null;
        });
        return () -> {
            try {
                wrapped.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** Sets the event keys until {@link Scope#close}, which restores what was there. */
    public static Scope event(String eventId, String account, String eventType) {
        Map<String, Object> before = snapshot();
        put(EVENT_ID, eventId);
        put(ACCOUNT, account);
        put(EVENT_TYPE, eventType);
        return () -> replace(before);
    }

    /** An MDC scope; closing it does not throw. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static Map<String, Object> snapshot() {
        Map<String, Object> map = MDC.getMap();
        return map == null ? Map.of() : new HashMap<>(map);
    }

    private static void replace(Map<String, Object> values) {
        MDC.clear();
        values.forEach(MDC::put);
    }
}
