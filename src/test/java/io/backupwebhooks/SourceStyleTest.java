package io.backupwebhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.backupwebhooks.testing.Project;

/**
 * Files look alike: every Java source has its imports in one order (static; java, javax, jakarta, org, com, io,
 * software; each group sorted, a blank line between groups), no tabs and no trailing spaces: what an IDE's
 * "organize imports" gives with these groups, checked in every build.
 */
class SourceStyleTest {

    private static final List<String> GROUPS = List.of("java.", "javax.", "jakarta.", "org.", "com.", "io.", "software.");
    private static final Pattern IMPORT = Pattern.compile("^import (.*);$", Pattern.MULTILINE);

    @Test
    void givenEveryJavaSource_whenRead_thenImportsAreGroupedAndSortedAndNoLineHasTabsOrTrailingSpaces()
            throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(Project.path("src"))) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            List<String> block = importBlock(text);
            if (!block.equals(expected(block))) {
                problems.add(source + ": imports not in the project's order");
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains("\t") || lines[i].endsWith(" ")) {
                    problems.add(source + ":" + (i + 1) + ": a tab or trailing space");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The lines from the first import to the last, as written (blank lines included). */
    private static List<String> importBlock(String text) {
        Matcher m = IMPORT.matcher(text);
        if (!m.find()) {
            return List.of();
        }
        int from = m.start();
        int to = m.end();
        while (m.find()) {
            to = m.end();
        }
        return List.of(text.substring(from, to).split("\n", -1));
    }

    private static List<String> expected(List<String> block) {
        List<String> imports = block.stream().filter(l -> l.startsWith("import ")).distinct()
                .sorted(Comparator.comparing(SourceStyleTest::group).thenComparing(SourceStyleTest::name))
                .toList();
        List<String> out = new ArrayList<>();
        int last = -1;
        for (String line : imports) {
            if (last != -1 && group(line) != last) {
                out.add("");
            }
            out.add(line);
            last = group(line);
        }
        return out;
    }

    /** The imported name without {@code static} and the semicolon: {@code a.B} sorts before {@code a.B.C}. */
    private static String name(String line) {
        return line.substring("import ".length(), line.length() - 1).replace("static ", "");
    }

    private static int group(String line) {
        String name = line.substring("import ".length());
        if (name.startsWith("static ")) {
            return 0;
        }
        for (int i = 0; i < GROUPS.size(); i++) {
            if (name.startsWith(GROUPS.get(i))) {
                return i + 1;
            }
        }
        return GROUPS.size() + 1;
    }
}
