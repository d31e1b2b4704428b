package io.backupwebhooks.shared.observability;

import java.util.logging.Handler;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

import io.quarkus.runtime.StartupEvent;

/**
 * Puts {@link JsonLogFormatter} on the console handler(s) of the root logger, first thing at start-up (before
 * Quarkus's "started" lines), unless {@code observability.log-format} is {@code text}. Quarkus's own JSON logging
 * extension would do the same at build time, but its build step is not available to this project.
 */
@ApplicationScoped
public class LogFormat {

    void install(
            @Observes @Priority(1) StartupEvent started,
            @ConfigProperty(name = "observability.log-format", defaultValue = "json") String format,
            @ConfigProperty(name = "quarkus.funqy.export", defaultValue = "unknown") String function) {
        if (!"text".equalsIgnoreCase(format)) {
            JsonLogFormatter json = new JsonLogFormatter(function);
            for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
                install(handler, json);
            }
        }
    }

    private static void install(Handler handler, JsonLogFormatter json) {
        if (handler instanceof ConsoleHandler) {
            handler.setFormatter(json);
        }
        if (handler instanceof ExtHandler ext) {
            for (Handler nested : ext.getHandlers()) {
                install(nested, json);
            }
        }
    }
}
