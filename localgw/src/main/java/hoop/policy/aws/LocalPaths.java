package hoop.policy.aws;

import java.util.List;
import java.util.Set;

/**
 * Local files the aws CLI must not read for an agent: the kernel's views of processes (/proc/self/environ holds
 * the session's STS credential, /proc/PPID/environ the gateway's own) and devices. The CLI reads a file named
 * as a path (s3 cp, --body, outfile) or as a file:// or fileb:// parameter, and echoes a parameter file's
 * content in its parse errors; any word that names such a file makes the command unknown. So does one naming
 * a file of hoop's own home.
 */
final class LocalPaths {
    private static final Set<String> SPECIAL_ROOTS = Set.of("proc", "sys", "dev");
    /** The agent's own streams (and nothing): what `-` also means to the CLI. */
    private static final Set<String> ALLOWED_DEVICES = Set.of("/dev/null", "/dev/stdin", "/dev/stdout", "/dev/stderr");

    private LocalPaths() {}

    /** Why a word (an argument, or --option=value) names such a file, or null. */
    static String forbidden(String word) {
        return forbidden(word, DEFAULT_HOME);
    }

    /** home: hoop's home directory, whose files the CLI must not read or write either. */
    static String forbidden(String word, java.nio.file.Path home) {
        String value = word.startsWith("--") && word.contains("=") ? word.substring(word.indexOf('=') + 1) : word;
        if (value.startsWith("fileb://")) value = value.substring(8);
        else if (value.startsWith("file://")) value = value.substring(7);
        if (value.startsWith("s3://") || value.isEmpty()) return null;
        List<String> segments = java.util.Arrays.stream(value.split("/")).filter(s -> !s.isEmpty() && !s.equals(".")).toList();
        if (segments.isEmpty()) return null;
        // A ".." after a special directory may climb out of a link into /proc (/dev/fd/../../self/environ is
        // /proc/self/environ), which the path's text does not show: such a path is refused whole.
        boolean special = segments.contains("..") && segments.stream().anyMatch(SPECIAL_ROOTS::contains);
        // A relative path is read from the child's working directory, the gateway's own (from "/", proc/self/environ
        // is /proc/self/environ); a key such as "dev/notes.txt" elsewhere is no such file.
        String normal;
        try {
            normal = java.nio.file.Path.of(System.getProperty("user.dir", "/")).resolve(value).normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return word + " is no path hoop can read";
        }
        String first = normal.length() > 1 ? normal.substring(1).split("/")[0] : "";
        special |= SPECIAL_ROOTS.contains(first) && !ALLOWED_DEVICES.contains(normal);
        if (special) return word + " names a process or device file (/proc, /sys, /dev), which the CLI would read";
        // Written there, git runs what they say the next time it runs (core.fsmonitor on "git status", a pre-commit hook).
        if (hoop.policy.shell.GitFiles.names(normal)) return word + " names git configuration or hooks, which make git run commands";
        return insideHoopHome(normal, home) ? word + " names hoop's own state (" + home + "), which the CLI would read or write" : null;
    }

    /**
     * hoop's home: its configuration, recordings, tokens and keys. The child runs on the gateway's host, which in a
     * team setup is not the agent's: `s3 cp ~/.hoop/hoop.db s3://bucket/` would hand over every recording, and a
     * copy the other way would rewrite the gateway's configuration.
     */
    static final java.nio.file.Path DEFAULT_HOME = hoop.config.HoopHome.fromEnv(System.getenv()).dir();

    private static boolean insideHoopHome(String normal, java.nio.file.Path home) {
        java.nio.file.Path p = java.nio.file.Path.of(normal);
        java.nio.file.Path h = home.toAbsolutePath().normalize();
        if (p.startsWith(h)) return true;
        try {
            // A link elsewhere pointing in, followed as the CLI would follow it: for a file not there yet (one a download
            // would create), the links of the part of its path that exists.
            if (!java.nio.file.Files.exists(h)) return false;
            java.nio.file.Path existing = p;
            while (existing != null && !java.nio.file.Files.exists(existing)) existing = existing.getParent();
            return existing != null && existing.toRealPath().resolve(existing.relativize(p)).normalize().startsWith(h.toRealPath());
        } catch (java.io.IOException | SecurityException e) {
            return false;
        }
    }
}
