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
}
