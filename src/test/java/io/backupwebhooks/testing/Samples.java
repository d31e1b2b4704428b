package io.backupwebhooks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The files of samples/ (copies of the spec's examples) and small JSON helpers for tests. */
public final class Samples {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Samples() {}

    public static String read(String relative) {
        try {
            return Files.readString(Project.path("samples", relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode event(String name) {
        return (ObjectNode) tree(read("events/" + name + ".json"));
    }

    public static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
