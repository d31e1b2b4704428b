package io.backupwebhooks.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.testing.Project;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Native-image readiness: every class that Jackson binds to or from JSON must be registered for reflection. Our
 * code binds JSON only at the function boundary (Funqy reads the input and writes the output); everywhere else it
 * reads and writes JSON trees, which need no reflection. Both are checked here.
 */
class NativeReadinessTest {

    /** Types Funqy binds that are not ours: Jackson's trees, and the SQS event model the extension registers. */
    private static final Set<Class<?>> REGISTERED_ELSEWHERE =
            Set.of(JsonNode.class, SQSEvent.SQSMessage.class, Void.class, void.class);

    @Test
    void givenEveryFunqyFunction_whenItsInputAndOutputTypesAreListed_thenEachIsRegisteredForReflection()
            throws Exception {
        List<String> unregistered = new ArrayList<>();
        Set<String> functions = new TreeSet<>();
        for (Class<?> type : mainClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                Funq funq = method.getAnnotation(Funq.class);
                if (funq == null) {
                    continue;
                }
                functions.add(funq.value());
                List<Type> bound = new ArrayList<>(List.of(method.getGenericParameterTypes()));
                bound.add(method.getGenericReturnType());
                for (Type t : bound) {
                    Class<?> raw = unwrap(t);
                    if (!REGISTERED_ELSEWHERE.stream().anyMatch(r -> r.isAssignableFrom(raw))
                            && !raw.isAnnotationPresent(RegisterForReflection.class)) {
                        unregistered.add(funq.value() + ": " + raw.getName());
                    }
                }
            }
        }
        assertEquals(Set.of("delivery", "missed-scan", "admin", "report"), functions);
        assertEquals(List.of(), unregistered, "add @RegisterForReflection");
    }

    @Test
    void givenMainSources_whenSearchedForJacksonDataBinding_thenThereIsNoneOutsideTheFunctionBoundary()
            throws IOException {
        List<String> binding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Project.path("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                for (String call :
                        List.of("readValue(", "treeToValue(", "convertValue(", "valueToTree(", "writeValueAsString(")) {
                    if (source.contains(call)) {
                        binding.add(file + " uses " + call);
                    }
                }
            }
        }
        assertEquals(List.of(), binding, "bind JSON with trees (readTree, ObjectNode) so nothing needs reflection");
    }

    private static Class<?> unwrap(Type type) {
        if (type instanceof ParameterizedType p) {
            if (p.getRawType() == Uni.class) {
                return unwrap(p.getActualTypeArguments()[0]);
            }
            return (Class<?>) p.getRawType();
        }
        return (Class<?>) type;
    }

    private static List<Class<?>> mainClasses() throws IOException, ClassNotFoundException {
        Path root = Project.path("target/classes");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, NativeReadinessTest.class.getClassLoader()));
            }
        }
        assertTrue(classes.size() > 20, "compiled main classes found");
        return classes;
    }
}
