package hoop.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:VAR}} and {@code ${file:PATH}} references and remembers every value it resolved:
 * those are secrets the gateway must mask wherever they would appear in output.
 */
public final class Interpolator {
    private static final Pattern REF = Pattern.compile("\\$\\{(env|file):([^}]*)}");

    private final Map<String, String> env;
    private final Path baseDir;
    private final Set<String> resolved = new LinkedHashSet<>();

    public Interpolator(Map<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    public String resolve(YamlNode.Scalar s) {
        String text = s.text();
        if (text == null || !text.contains("${")) return text;
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = lookup(s, m.group(1), m.group(2).trim());
            resolved.add(value);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String lookup(YamlNode.Scalar s, String kind, String name) {
        if (name.isEmpty()) throw s.error("empty ${" + kind + ":} reference");
        if (kind.equals("env")) {
            String v = env.get(name);
            if (v == null) throw s.error("environment variable " + name + " is not set (referenced as ${env:" + name + "})");
            return v;
        }
        Path p = name.startsWith("~/") ? Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), name.substring(2))
                : baseDir.resolve(name);
        try {
            return Files.readString(p).stripTrailing();
        } catch (IOException e) {
            throw s.error("cannot read secret file " + p + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Every value that came from a secret reference. */
    public Set<String> resolvedSecrets() {
        return Set.copyOf(resolved);
    }
}
