package hoop.cli;

/**
 * Session ids as people paste them: the full id, a prefix, or the database user `hoop connect` printed
 * (hoop_ + the id's first hex digits without dashes).
 */
final class SessionIds {
    private static final int[] DASHES = {8, 12, 16, 20};

    private SessionIds() {}

    static String normalize(String given) {
        String s = given.startsWith("hoop_") ? given.substring(5) : given;
        if (s.contains("-") || !s.matches("[0-9a-f]+")) return s;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            for (int d : DASHES) if (i == d) out.append('-');
            out.append(s.charAt(i));
        }
        return out.toString();
    }
}
