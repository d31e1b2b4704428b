package io.backupwebhooks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The dependency rule of the main code, as ArchUnit checks it on the compiled classes: each function package
 * ({@code delivery}, {@code missed}, {@code report}, {@code admin}) depends only on itself and {@code shared}; {@code
 * shared} depends on no function; only {@code shared.store}, {@code shared.queue} and {@code shared.mail} see AWS SDK
 * model types.
 */
class LayeringTest {

    private static final String[] FUNCTIONS = {"delivery", "missed", "report", "admin"};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.backupwebhooks");

    @Test
    void givenEachFunctionPackage_whenItsDependenciesAreRead_thenItUsesNoOtherFunction() {
        for (String function : FUNCTIONS) {
            String[] others = java.util.Arrays.stream(FUNCTIONS)
                    .filter(f -> !f.equals(function))
                    .map(f -> "io.backupwebhooks." + f + "..")
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage("io.backupwebhooks." + function + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .because("functions share code only through io.backupwebhooks.shared")
                    .check(MAIN);
        }
    }

    @Test
    void givenShared_whenItsDependenciesAreRead_thenItUsesNoFunction() {
        noClasses()
                .that()
                .resideInAPackage("io.backupwebhooks.shared..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(java.util.Arrays.stream(FUNCTIONS)
                        .map(f -> "io.backupwebhooks." + f + "..")
                        .toArray(String[]::new))
                .because("shared is what the functions have in common; it knows none of them")
                .check(MAIN);
    }

    @Test
    void givenTheMainCode_whenItsDependenciesAreRead_thenOnlyTheAdaptersSeeSdkModelTypes() {
        noClasses()
                .that()
                .resideInAPackage("io.backupwebhooks..")
                .and()
                .resideOutsideOfPackages(
                        "io.backupwebhooks.shared.store..",
                        "io.backupwebhooks.shared.queue..",
                        "io.backupwebhooks.shared.mail..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("software.amazon.awssdk.services..")
                .because("the stores and the queue and mail adapters translate SDK types into records")
                .check(MAIN);
    }
}
