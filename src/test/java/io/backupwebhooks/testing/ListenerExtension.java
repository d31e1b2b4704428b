package io.backupwebhooks.testing;

import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

import io.backupwebhooks.testing.Listener.Behaviour;
import io.backupwebhooks.testing.Listener.Received;

/**
 * A {@link Listener} for one test class: started before its first test, closed after its last. Register it as
 * {@code @RegisterExtension static final ListenerExtension listener = new ListenerExtension();} and use it like the
 * listener itself.
 * <p>
 * The listener lives in JUnit's store of the test class's context, keyed on the class, and {@link #afterAll} closes
 * the one stored there: never one that another copy of this handle started. (With {@code @QuarkusTest} a test class
 * may be loaded by more than one class loader, and each copy of the class has its own copy of a static field; in
 * Quarkus 3.34 JUnit and the tests see the same one, which a call through a handle that JUnit did not start checks
 * and reports instead of quietly starting a listener nobody closes.)
 */
public final class ListenerExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Namespace NAMESPACE = Namespace.create(ListenerExtension.class);

    private volatile Listener listener;

    @Override
    public void beforeAll(ExtensionContext context) {
        listener = context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(context.getRequiredTestClass(), testClass -> new Listener(), Listener.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Listener started = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), Listener.class);
        if (started != null) {
            started.close();
        }
        listener = null;
    }

    public String url(String path, Behaviour behaviour) {
        return listener().url(path, behaviour);
    }

    public int port() {
        return listener().port();
    }

    public List<Received> received(String path) {
        return listener().received(path);
    }

    public List<Received> all() {
        return listener().all();
    }

    public int connections() {
        return listener().connections();
    }

    private Listener listener() {
        Listener started = listener;
        if (started == null) {
            throw new IllegalStateException("the listener is not running: register this extension with "
                    + "@RegisterExtension on a static final field, and use it only while the class's tests run");
        }
        return started;
    }
}
