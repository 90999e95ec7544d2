package hoop.config;

import java.nio.file.Path;

/** Where a value came from, so every config error can point at it. */
public record Location(Path file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
