package io.backupwebhooks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * infra/template.yaml as plain maps and lists, with CloudFormation's intrinsic functions kept as {@link Intrinsic}s:
 * the short-form tags ({@code !Ref}, {@code !GetAtt}, ...) and the long form ({@code Ref:}, {@code Fn::GetAtt:}) alike.
 */
public final class Template {

    /** The template, relative to the project directory (the tests' working directory). */
    public static final Path PATH = Project.path("infra", "template.yaml");

    private static final List<String> FUNCTIONS = List.of(
            "Ref",
            "GetAtt",
            "Sub",
            "If",
            "Equals",
            "Not",
            "Join",
            "Select",
            "Split",
            "FindInMap",
            "GetAZs",
            "ImportValue",
            "Base64",
            "Condition",
            "And",
            "Or",
            "Cidr");

    /**
     * An intrinsic function call: {@code function} is the name without {@code !} or {@code Fn::} ("Ref", "GetAtt",
     * "Sub", ...), {@code value} its argument as written, except that {@code !GetAtt A.B} becomes {@code [A, B]} as in
     * the long form.
     */
    public record Intrinsic(String function, Object value) {

        public boolean is(String name) {
            return function.equals(name);
        }

        /** The logical id or parameter a {@code Ref} names. */
        public String ref() {
            return is("Ref") ? (String) value : null;
        }

        /** The logical id a {@code GetAtt} reads, given the attribute. */
        public String getAtt(String attribute) {
            return is("GetAtt") && attribute.equals(list(value).get(1))
                    ? (String) list(value).get(0)
                    : null;
        }

        /** The string of a {@code Sub} (without its variables map, if any). */
        public String sub() {
            if (!is("Sub")) {
                return null;
            }
            return value instanceof List<?> args ? (String) args.get(0) : (String) value;
        }
    }

    private final Map<String, Object> root;

    private Template(Map<String, Object> root) {
        this.root = root;
    }

    public static Template load() {
        return load(PATH);
    }

    public static Template load(Path path) {
        try {
            return parse(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Template parse(String yaml) {
        Object root = new Yaml(new IntrinsicConstructor(new LoaderOptions())).load(yaml);
        return new Template(map(normalize(root)));
    }

    public Map<String, Object> root() {
        return root;
    }

    /** A top-level section (Parameters, Conditions, Globals, Resources, Outputs, ...); empty when absent. */
    public Map<String, Object> section(String name) {
        return root.containsKey(name) ? map(root.get(name)) : Map.of();
    }

    public Map<String, Object> resources() {
        return section("Resources");
    }

    /** The resources of {@code type}, by logical id, in template order. */
    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(resource));
            }
        });
        return found;
    }

    public Map<String, Object> resource(String logicalId) {
        Object resource = resources().get(logicalId);
        if (resource == null) {
            throw new NoSuchElementException("no resource " + logicalId);
        }
        return map(resource);
    }

    public boolean hasResource(String logicalId, String type) {
        return resources().get(logicalId) instanceof Map<?, ?> resource && type.equals(resource.get("Type"));
    }

    public Map<String, Object> properties(String logicalId) {
        Object properties = resource(logicalId).get("Properties");
        return properties == null ? Map.of() : map(properties);
    }

    /** A property of a serverless function, else of {@code Globals.Function}; null when neither sets it. */
    public Object functionProperty(String functionId, String name) {
        Object own = properties(functionId).get(name);
        return own != null ? own : globals("Function").get(name);
    }

    /** A serverless function's environment variables, {@code Globals.Function}'s merged under its own. */
    public Map<String, Object> environment(String functionId) {
        Map<String, Object> variables = new LinkedHashMap<>(variables(globals("Function")));
        variables.putAll(variables(properties(functionId)));
        return variables;
    }

    /** A function's events of {@code type} (SQS, Schedule, HttpApi, ...) by name, as their Properties. */
    public Map<String, Map<String, Object>> events(String functionId, String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        Object events = properties(functionId).get("Events");
        if (events != null) {
            map(events).forEach((name, event) -> {
                if (type.equals(map(event).get("Type"))) {
                    Object properties = map(event).get("Properties");
                    found.put(name, properties == null ? Map.of() : map(properties));
                }
            });
        }
        return found;
    }

    public Map<String, Object> globals(String resourceKind) {
        Object globals = section("Globals").get(resourceKind);
        return globals == null ? Map.of() : map(globals);
    }

    public Map<String, Object> parameter(String name) {
        Object parameter = section("Parameters").get(name);
        if (parameter == null) {
            throw new NoSuchElementException("no parameter " + name);
        }
        return map(parameter);
    }

    /** The value at {@code keys} under {@code node}, null when a key is missing. */
    public static Object at(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object node) {
        if (!(node instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not a mapping: " + node);
        }
        return (Map<String, Object>) node;
    }

    /** A list, or a single value as a list of one (as in IAM's Action and Resource). */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object node) {
        if (node == null) {
            return List.of();
        }
        return node instanceof List<?> l ? (List<Object>) l : List.of(node);
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        Object variables = at(properties, "Environment", "Variables");
        return variables == null ? Map.of() : map(variables);
    }

    /** Turns the long form ({@code {"Fn::GetAtt": ...}}, {@code {"Ref": ...}}) into Intrinsics too. */
    private static Object normalize(Object node) {
        if (node instanceof Intrinsic i) {
            return new Intrinsic(i.function(), normalize(i.value()));
        }
        if (node instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(item -> copy.add(normalize(item)));
            return copy;
        }
        if (node instanceof Map<?, ?> m) {
            if (m.size() == 1) {
                String key = String.valueOf(m.keySet().iterator().next());
                String function = key.equals("Ref") ? "Ref" : key.startsWith("Fn::") ? key.substring(4) : null;
                if (function != null && FUNCTIONS.contains(function)) {
                    return intrinsic(function, normalize(m.get(key)));
                }
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), normalize(v)));
            return copy;
        }
        return node;
    }

    private static Intrinsic intrinsic(String function, Object value) {
        if (function.equals("GetAtt") && value instanceof String s && s.contains(".")) {
            int dot = s.indexOf('.');
            return new Intrinsic(function, List.of(s.substring(0, dot), s.substring(dot + 1)));
        }
        return new Intrinsic(function, value);
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        return intrinsic(function, argument(node));
                    }
                });
            }
        }

        private Object argument(Node node) {
            if (node instanceof ScalarNode scalar) {
                return constructScalar(scalar);
            }
            if (node instanceof SequenceNode sequence) {
                return constructSequence(sequence);
            }
            return constructMapping((MappingNode) node);
        }
    }
}
