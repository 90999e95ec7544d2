package hoop.policy.shell;

import java.util.ArrayDeque;
import java.util.Deque;

/** Lexical path normalisation so {@code /etc/../etc//shadow} is judged as {@code /etc/shadow}. */
final class PathNormalizer {
    private PathNormalizer() {
    }

    static String normalize(String arg) {
        if (arg.indexOf('/') < 0) {
            return arg;
        }
        int eq = arg.indexOf('=');
        if (arg.startsWith("-") && eq > 0 && eq < arg.indexOf('/')) {
            return arg.substring(0, eq + 1) + normalize(arg.substring(eq + 1));
        }
        boolean absolute = arg.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String part : arg.split("/+")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!absolute) {
                    parts.addLast("..");
                }
                continue;
            }
            parts.addLast(part);
        }
        String joined = String.join("/", parts);
        if (absolute) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
