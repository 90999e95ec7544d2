package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The hand-run email finder must find exactly what the email regex finds, region bounds and all. */
class EmailFinderTest {
    private static final String[] PIECES = {"a", "Z", "9", ".", "-", "_", "%", "+", "@", "@", ".", " ", "é", "com", "io",
            "x1", "mail", "\n", "user.name", "example",
            // Any script may spell an address; a continuation byte (0x80-0xBF as ISO-8859-1) starts none; a surrogate
            // pair is one code point to the regex and no letter to either.
            "ö", "\u00a0", "\u00b6", "\u00c3", "рф", "пример", "日本", "\uD83D\uDE00", "\uD83D", "ä".repeat(30)};

    @Test
    void findsWhatTheRegexFinds() {
        Matcher regex = Detectors.get("email").pattern().matcher("");
        Random r = new Random(7);
        for (int round = 0; round < 100_000; round++) {
            String t = text(r);
            int from = r.nextInt(4) == 0 ? r.nextInt(t.length() + 1) : 0;
            int to = r.nextInt(4) == 0 ? from + r.nextInt(t.length() - from + 1) : t.length();
            assertEquals(byRegex(regex, t, from, to), byFinder(t, from, to), () -> "[" + t + "] " + from + ".." + to);
        }
    }

    @Test
    void edgesOfTheGrammar() {
        Matcher regex = Detectors.get("email").pattern().matcher("");
        for (String t : List.of("a@b.com", "a@b.c.com", "a@b.com1", "a@b.com-x", "a@b.com.", "a@b@c.com", "x".repeat(64) + "@b.io",
                "x".repeat(65) + "@b.io", "a@" + "b".repeat(63) + ".io", "a@" + "b".repeat(64) + ".io", "a@b." + "c".repeat(24),
                "a@b." + "c".repeat(25), "a@b.co_m", "a@b..com", "a@.com", "@b.com", "a@b.c", "a@b-.com", "é@b.com", "aé@b.com",
                "a@b.comé", "a@b.cOM", "a.b@c.d.e.f.gh", "a@b.c1.de", "a@b.de.1", "jöhn@bücher.de", "почта@пример.рф",
                "連絡先はalice@example.comです", "日".repeat(70) + "x@b.io", "\u00a0a@b.io", "\u00b6a@b.io", "a@b.рф1", "a@b.рф-",
                "\uD83D\uDE00a@b.io", "a@b.io\uD83D\uDE00", "a@b.ф")) {
            assertEquals(byRegex(regex, t, 0, t.length()), byFinder(t, 0, t.length()), t);
        }
    }

    private static String text(Random r) {
        StringBuilder sb = new StringBuilder();
        int parts = 1 + r.nextInt(12);
        for (int i = 0; i < parts; i++) {
            switch (r.nextInt(12)) {
                case 0 -> sb.append("a".repeat(20 + r.nextInt(8)));   // around the 24-letter top-level limit
                case 1 -> sb.append("b1-".repeat(20 + r.nextInt(3)));  // around 63-character labels
                case 2 -> sb.append("c.".repeat(1 + r.nextInt(5)));
                default -> sb.append(PIECES[r.nextInt(PIECES.length)]);
            }
        }
        return sb.toString();
    }

    private static List<List<Integer>> byRegex(Matcher m, String t, int from, int to) {
        m.reset(t).useTransparentBounds(true).useAnchoringBounds(false);
        List<List<Integer>> out = new ArrayList<>();
        int pos = from;
        while (pos <= to) {
            m.region(pos, to);
            if (!m.find()) break;
            out.add(List.of(m.start(), m.end()));
            pos = Math.max(m.end(), m.start() + 1);
        }
        return out;
    }

    private static List<List<Integer>> byFinder(String t, int from, int to) {
        List<List<Integer>> out = new ArrayList<>();
        int pos = from;
        while (pos <= to) {
            int[] f = EmailFinder.find(t, pos, to);
            if (f == null) break;
            out.add(List.of(f[0], f[1]));
            pos = Math.max(f[1], f[0] + 1);
        }
        return out;
    }
}
