package io.backupwebhooks.testing;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's own files, wherever the tests are started from: {@link #ROOT} is the folder of the pom.xml above the
 * compiled test classes (target/test-classes), not the working directory.
 */
public final class Project {

    public static final Path ROOT = locate();

    private Project() {}

    /** A path under the project's root, e.g. {@code path("infra", "template.yaml")}. */
    public static Path path(String first, String... more) {
        return ROOT.resolve(Path.of(first, more));
    }

    private static Path locate() {
        try {
            Path classes = Path.of(Project.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path dir = classes; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("pom.xml"))) {
                    return dir.toAbsolutePath();
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            throw new IllegalStateException("cannot tell where the test classes are", e);
        }
        throw new IllegalStateException("no pom.xml above the test classes");
    }
}
