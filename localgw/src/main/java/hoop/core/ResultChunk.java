package hoop.core;

/** A piece of a command's response stream, already masked when it leaves the guard. */
public record ResultChunk(Stream stream, byte[] data) {
    public enum Stream { STDOUT, STDERR, INPUT, ROWS }
}
