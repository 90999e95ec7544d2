package hoop.policy;

import java.util.regex.Pattern;

/** Simple globs for names in policies: '*' any run, '?' one character; everything else literal. */
final class Globs {
    private Globs() {}

    static Pattern toPattern(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /**
     * Whether some name beginning with {@code prefix} matches the glob: the glob can read all of the prefix (what
     * is left of it, if anything, some rest of the name can match; restWithoutColon: a rest holding no ':'). A regex matcher's hitEnd says so too often: a
     * literal run longer than the rest of the input sets it before any character is compared.
     */
    static boolean matchesSomeExtension(String glob, String prefix, boolean ignoreCase, boolean restWithoutColon) {
        java.util.BitSet states = run(glob, closure(glob, bit(0)), prefix, ignoreCase);
        if (!restWithoutColon) return !states.isEmpty();
        // The rest of the name holds no ':' (an ARN's last field): what is left of the glob must need none.
        for (int g = states.nextSetBit(0); g >= 0; g = states.nextSetBit(g + 1)) {
            if (g >= glob.length() || glob.indexOf(':', g) < 0) return true;
        }
        return false;
    }

    /**
     * Whether the glob matches head + PATH + name for some PATH: none, or characters ending in '/'. A path holding a
     * ':' would let the glob's '*' in an ARN's account field read the rest of the ARN: no path is taken to hold one.
     */
    static boolean matchesUnderSomePath(String glob, String head, String name, boolean ignoreCase) {
        java.util.BitSet atPath = run(glob, closure(glob, bit(0)), head, ignoreCase);
        // After one or more characters: a '*' stays, any other state reads the character it wants (but a ':').
        java.util.BitSet any = new java.util.BitSet();
        java.util.BitSet from = atPath;
        while (true) {
            java.util.BitSet next = new java.util.BitSet();
            for (int g = from.nextSetBit(0); g >= 0 && g < glob.length(); g = from.nextSetBit(g + 1)) {
                if (glob.charAt(g) == '*') next.set(g);
                else if (glob.charAt(g) != ':') next.set(g + 1);
            }
            next = closure(glob, next);
            next.andNot(any);
            if (next.isEmpty()) break;
            any.or(next);
            from = next;
        }
        java.util.BitSet afterPath = run(glob, any, "/", ignoreCase);
        afterPath.or(atPath);
        return run(glob, afterPath, name, ignoreCase).get(glob.length());
    }

    /** The states the glob is in after reading text from the given ones. */
    private static java.util.BitSet run(String glob, java.util.BitSet states, String text, boolean ignoreCase) {
        for (int k = 0; k < text.length() && !states.isEmpty(); k++) {
            char c = text.charAt(k);
            java.util.BitSet next = new java.util.BitSet();
            for (int g = states.nextSetBit(0); g >= 0; g = states.nextSetBit(g + 1)) {
                if (g >= glob.length()) continue;
                char want = glob.charAt(g);
                if (want == '*') next.set(g);
                else if (want == '?' || want == c || (ignoreCase && Character.toLowerCase(want) == Character.toLowerCase(c))) next.set(g + 1);
            }
            states = closure(glob, next);
        }
        return states;
    }

    private static java.util.BitSet bit(int i) {
        java.util.BitSet b = new java.util.BitSet();
        b.set(i);
        return b;
    }

    /** A '*' may also match nothing. */
    private static java.util.BitSet closure(String glob, java.util.BitSet states) {
        for (int g = states.nextSetBit(0); g >= 0 && g < glob.length(); g = states.nextSetBit(g + 1)) {
            if (glob.charAt(g) == '*') states.set(g + 1);
        }
        return states;
    }
}
