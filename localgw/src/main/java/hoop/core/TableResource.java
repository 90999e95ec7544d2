package hoop.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A table hoop ships beside a class (generated from botocore's models and the like): one row per line, fields split on
 * single spaces, blank lines and # comments skipped. A table missing from the classpath is a broken build, said so.
 */
public final class TableResource {
    private TableResource() {
    }

    public static List<String[]> rows(Class<?> owner, String name) {
        List<String[]> rows = new ArrayList<>();
        try (var in = owner.getResourceAsStream(name);
             var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) rows.add(line.split(" "));
            }
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException(name + " is missing from hoop's classpath", e));
        }
        return rows;
    }
}
