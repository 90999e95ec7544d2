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
    // What is left of a value once its references are resolved must not still look like one: "${env:KEY" or
    // "${ENV:KEY}" would otherwise be taken literally, a secret's name used as the secret itself.
    private static final Pattern MALFORMED = Pattern.compile("(?i)\\$\\{\\s*(env|file)\\s*[:.]");

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
        int literalFrom = 0;
        while (m.find()) {
            malformed(s, text.substring(literalFrom, m.start()));
            literalFrom = m.end();
            String value = lookup(s, m.group(1), m.group(2).trim());
            resolved.add(value);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        malformed(s, text.substring(literalFrom));
        m.appendTail(out);
        return out.toString();
    }

    private static void malformed(YamlNode.Scalar s, String literal) {
        Matcher bad = MALFORMED.matcher(literal);
        if (bad.find()) {
            throw s.error("malformed reference '" + literal.substring(bad.start(), Math.min(literal.length(), bad.start() + 40))
                    + "' (write ${env:NAME} or ${file:PATH})");
        }
    }

    private String lookup(YamlNode.Scalar s, String kind, String name) {
        if (name.isEmpty()) throw s.error("empty ${" + kind + ":} reference");
        if (kind.equals("env")) {
            String v = env.get(name);
            if (v == null) throw s.error("environment variable " + name + " is not set (referenced as ${env:" + name + "})");
            return v;
        }
        Path p;
        try {
            p = name.startsWith("~/") ? Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), name.substring(2))
                    : baseDir.resolve(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw s.error("not a file path: ${file:...} (" + e.getReason() + ")");
        }
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
