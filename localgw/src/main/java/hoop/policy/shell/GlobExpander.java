package hoop.policy.shell;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Filename expansion as bash performs it on unquoted glob words, so a policy on
 * {@code /etc/shadow} also sees {@code /etc/sha*ow}. Like bash, a pattern without matches
 * stays literal, and names starting with '.' only match a pattern segment starting with '.'.
 */
final class GlobExpander {
    static final int MAX_RESULTS = 4096;

    private GlobExpander() {
    }

    /** Returns the sorted matches, or an empty list when nothing (or too much) matches. */
    static List<String> expand(String pattern, Path cwd) {
        boolean absolute = pattern.startsWith("/");
        String[] segments = pattern.split("/", -1);
        List<String> current = new ArrayList<>();
        current.add(absolute ? "/" : "");
        for (int s = absolute ? 1 : 0; s < segments.length; s++) {
            String segment = segments[s];
            boolean last = s == segments.length - 1;
            List<String> next = new ArrayList<>();
            for (String prefix : current) {
                String joiner = prefix.isEmpty() || prefix.endsWith("/") ? "" : "/";
                if (!Glob.hasMeta(segment)) {
                    next.add(prefix + joiner + Glob.unescape(segment));
                    continue;
                }
                for (String name : list(resolve(cwd, prefix))) {
                    boolean hiddenOk = segment.startsWith(".") || segment.startsWith("\\.");
                    if ((hiddenOk || !name.startsWith(".")) && Glob.matches(segment, name)) {
                        next.add(prefix + joiner + name);
                    }
                }
                if (next.size() > MAX_RESULTS) {
                    return List.of();
                }
            }
            if (last && segment.isEmpty()) {
                next.replaceAll(p -> p.endsWith("/") ? p : p + "/");
            }
            current = next;
        }
        List<String> out = new ArrayList<>();
        for (String p : current) {
            if (Files.exists(resolve(cwd, p), LinkOption.NOFOLLOW_LINKS)) {
                out.add(p);
            }
        }
        Collections.sort(out);
        return out;
    }

    private static Path resolve(Path cwd, String p) {
        return p.isEmpty() ? cwd : cwd.resolve(p);
    }

    private static List<String> list(Path dir) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                names.add(p.getFileName().toString());
                if (names.size() > MAX_RESULTS) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        Collections.sort(names);
        return names;
    }
}
