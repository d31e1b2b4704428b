package io.backupwebhooks.shared;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Does in Lambda's init phase what the first event would otherwise pay for. Each function brings its own
 * {@link Primer}, a bean {@code @Named} after its Funqy export name (one request its role allows, of a key that never
 * exists; the HTTP client for the functions that POST); this observer runs the one of the exported function. With
 * SnapStart (the template's JVM packaging), all of it is in the snapshot, and a restored function answers its first
 * event in tens of milliseconds instead of most of a second.
 */
@ApplicationScoped
public class Priming {

    private static final Logger LOG = Logger.getLogger(Priming.class);

    /** What one function does to warm itself up; a failure is harmless (logged at debug level). */
    public interface Primer {
        void prime();
    }

    void prime(
            @Observes StartupEvent started,
            @Any Instance<Primer> primers,
            @ConfigProperty(name = "quarkus.funqy.export", defaultValue = "") String function) {
        long begun = System.nanoTime();
        Instance<Primer> mine = primers.select(NamedLiteral.of(function));
        if (!mine.isResolvable()) {
            return;
        }
        try {
            mine.get().prime();
        } catch (RuntimeException e) {
            LOG.debugf("the priming request failed, which is harmless: %s", e.toString());
        }
        LOG.debugf("primed in %d ms", (System.nanoTime() - begun) / 1_000_000);
    }
}
