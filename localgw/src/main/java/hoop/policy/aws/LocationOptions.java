package hoop.policy.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of a call outside S3 that may name an S3 location (aws-location-options.txt, from botocore's models).
 * hoop finds a location in the value given; given as file:// the CLI reads it from a file hoop does not read, and
 * `athena start-query-execution --result-configuration file://rc.json` wrote its results where hoop never looked.
 */
final class LocationOptions {
    /** "service operation" in lower case (the CLI's kebab-case loses an acronym's case) to its options. */
    private static final Map<String, List<String>> OPTIONS = new HashMap<>();

    static {
        for (String[] f : hoop.core.TableResource.rows(LocationOptions.class, "aws-location-options.txt")) {
            OPTIONS.put((f[0] + " " + f[1]).toLowerCase(Locale.ROOT), List.of(f).subList(2, f.length));
        }
    }

    private LocationOptions() {}

    /**
     * Why options of the command hoop cannot read may name an S3 location: each location option (or an abbreviation
     * argparse reads as one) whose value the CLI loads from a file or URL. words: the command's words, service first.
     */
    static List<String> unread(String service, String operation, List<String> words) {
        List<String> options = OPTIONS.getOrDefault((service + " " + operation).toLowerCase(Locale.ROOT), List.of());
        List<String> out = new ArrayList<>();
        if (options.isEmpty()) return out;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--") || w.length() == 2) continue;
            String name = w.contains("=") ? w.substring(2, w.indexOf('=')) : w.substring(2);
            if (options.stream().noneMatch(o -> o.startsWith(name))) continue;
            List<String> values = w.contains("=") ? List.of(w.substring(w.indexOf('=') + 1))
                    : words.subList(i + 1, words.size()).stream().takeWhile(v -> !v.startsWith("--")).toList();
            for (String v : values) {
                if (S3Commands.loadedFromElsewhere(v)) {
                    out.add("--" + name + " " + v + " is read from a file or URL hoop does not read, and may name an S3 location");
                }
            }
        }
        return out;
    }
}
