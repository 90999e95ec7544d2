package hoop.config;

/** A configuration problem, always naming file, line, column and the field's path. */
public final class ConfigException extends RuntimeException {
    private final Location location;
    private final String field;

    public ConfigException(Location location, String field, String problem) {
        super(location + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem);
        this.location = location;
        this.field = field;
    }

    public Location location() {
        return location;
    }

    public String field() {
        return field;
    }
}
