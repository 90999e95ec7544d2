package hoop.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Typed access to one YAML mapping; every mistake becomes a ConfigException pointing at the value. */
public final class Fields {

    private final YamlNode.MapNode map;
    private final Interpolator interpolator;

    private Fields(YamlNode.MapNode map, Interpolator interpolator) {
        this.map = map;
        this.interpolator = interpolator;
    }

    public static Fields of(YamlNode node, Interpolator interpolator, String... allowedKeys) {
        if (!(node instanceof YamlNode.MapNode m)) {
            throw node.error("expected a mapping, found " + node.describe());
        }
        Set<String> allowed = Set.of(allowedKeys);
        for (var key : m.entries().keySet()) {
            if (!allowed.contains(key)) {
                String child = m.path().isEmpty() ? key : m.path() + "." + key;
                throw new ConfigException(m.keyLocations().get(key), child,
                        "unknown field '" + key + "' (expected one of " + new TreeSet<>(allowed) + ")");
            }
        }
        return new Fields(m, interpolator);
    }

    public YamlNode.MapNode node() {
        return map;
    }

    public Optional<YamlNode> get(String key) {
        return Optional.ofNullable(map.entries().get(key));
    }

    public YamlNode require(String key) {
        YamlNode n = map.entries().get(key);
        if (n == null || (n instanceof YamlNode.Scalar s && s.text() == null)) {
            String path = map.path().isEmpty() ? key : map.path() + "." + key;
            throw new ConfigException(map.location(), path, "required field '" + key + "' is missing");
        }
        return n;
    }

    public String string(String key, String fallback) {
        return get(key).map(this::text).orElse(fallback);
    }

    /** A required value that is also not blank: an empty host, region or regex is a mistake, never a setting. */
    public String requireString(String key) {
        YamlNode n = require(key);
        String t = text(n);
        if (t.isBlank()) throw n.error("'" + key + "' must not be empty");
        return t;
    }

    public String text(YamlNode n) {
        if (!(n instanceof YamlNode.Scalar s)) throw n.error("expected a value, found " + n.describe());
        return s.text() == null ? null : interpolator.resolve(s);
    }

    /**
     * The text of a list item or map value: there an empty value ("- ~", "A:") is not "absent", it would be carried
     * as null into what reads the list.
     */
    public String value(YamlNode n) {
        String t = text(n);
        if (t == null) throw n.error("empty value (write a value, or leave the entry out)");
        return t;
    }

    public List<String> strings(String key) {
        return get(key).map(this::stringList).orElse(List.of());
    }

    /** A list of strings; a single scalar is accepted as a one-item list because people write it that way. */
    public List<String> stringList(YamlNode n) {
        if (n instanceof YamlNode.Scalar s) return s.text() == null ? List.of() : List.of(text(s));
        if (!(n instanceof YamlNode.ListNode l)) throw n.error("expected a list, found " + n.describe());
        List<String> out = new ArrayList<>();
        for (YamlNode item : l.items()) out.add(value(item));
        return out;
    }

    public Map<String, String> stringMap(String key) {
        Optional<YamlNode> n = get(key);
        if (n.isEmpty()) return Map.of();
        if (!(n.get() instanceof YamlNode.MapNode m)) throw n.get().error("expected a mapping, found " + n.get().describe());
        Map<String, String> out = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        Optional<YamlNode> n = get(key);
        if (n.isEmpty()) return fallback;
        return enumOf(n.get(), type);
    }

    public <E extends Enum<E>> E enumOf(YamlNode n, Class<E> type) {
        String raw = text(n);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(raw == null ? "" : raw.replace('-', '_'))) return e;
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) names.add(e.name().toLowerCase(Locale.ROOT));
        throw n.error("unknown value '" + raw + "' (expected one of " + names + ")");
    }

    public Optional<Duration> duration(String key) {
        return get(key).map(n -> parseDuration(n, text(n)));
    }

    /** A duration that must be above zero: a zero timeout or window is never what was meant. */
    public Optional<Duration> positiveDuration(String key) {
        Optional<Duration> d = duration(key);
        if (d.isPresent() && d.get().isZero()) throw require(key).error(key + " must be above zero, got " + text(require(key)));
        return d;
    }

    /** A timeout: fallback when absent, else above zero and at most max (written as maxText, for the error). */
    public Duration timeout(String key, Duration fallback, String maxText) {
        Duration d = duration(key).orElse(fallback);
        Duration max = Durations.parse(maxText).orElseThrow();
        if (d.isZero() || d.isNegative() || d.compareTo(max) > 0) {
            throw require(key).error(key + " must be above zero and at most " + maxText + ", got " + text(require(key)));
        }
        return d;
    }

    public <T> Optional<T> parsed(String key, Function<String, T> parser, String expected) {
        return get(key).map(n -> {
            try {
                return parser.apply(text(n));
            } catch (RuntimeException e) {
                throw n.error("expected " + expected + ": " + e.getMessage());
            }
        });
    }

    static Duration parseDuration(YamlNode n, String raw) {
        return Durations.parse(raw).orElseThrow(() -> n.error("expected a duration like 30s, 2m, 1h (got '" + raw + "')"));
    }
}
