package io.backupwebhooks.infra;

import static io.backupwebhooks.testing.Template.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import io.backupwebhooks.testing.Project;
import io.backupwebhooks.testing.Template;

/**
 * The zip the build made and the template's default Packaging agree, so that {@code ./mvnw package} followed by
 * {@code sam deploy} with every default runs: a JVM zip on the java21 runtime starts the handler the template names,
 * a native one on provided.al2023 its {@code bootstrap}. A mismatch fails every invocation with
 * Runtime.InvalidEntrypoint. Runs after {@code package} (failsafe).
 */
class FunctionZipIT {

    private final Template template = Template.load();

    @Test
    void givenTheBuiltZip_whenItsEntriesAreRead_thenTheyAreWhatTheDefaultPackagingsRuntimeStarts() throws IOException {
        Path zip = Project.path("target", "function.zip");
        assertTrue(Files.isRegularFile(zip), zip + ": ./mvnw package makes it");
        String packaging = String.valueOf(template.parameter("Packaging").get("Default"));
        List<?> handler =
                (List<?>) ((Template.Intrinsic) at(template.section("Globals"), "Function", "Handler")).value();
        List<?> runtime =
                (List<?>) ((Template.Intrinsic) at(template.section("Globals"), "Function", "Runtime")).value();
        boolean jvm = packaging.equals("jvm");
        String defaultHandler = String.valueOf(handler.get(jvm ? 1 : 2));
        try (ZipFile entries = new ZipFile(zip.toFile())) {
            if (jvm) {
                assertEquals("java21", runtime.get(1));
                String handlerClass = defaultHandler
                                .substring(0, defaultHandler.indexOf("::"))
                                .replace('.', '/') + ".class";
                assertNotNull(entries.getEntry(handlerClass), "the JVM zip holds " + handlerClass);
                assertNull(entries.getEntry("bootstrap"), "a native zip on the java21 runtime");
            } else {
                assertEquals("provided.al2023", runtime.get(2));
                assertNotNull(entries.getEntry("bootstrap"), "the default Packaging is native, the zip is not");
            }
        }
    }
}
