package hoop.policy.aws;

import hoop.core.aws.S3Locations;
import hoop.core.aws.StrictJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The aws CLI's options read as the API parameters botocore sends, for the tables the API proxy reads the same
 * parameters with (AccessChanges, S3Locations): `--attribute-name Policy` is AttributeName, a JSON value its
 * structure, the shorthand `Policy=x,Other=y` a structure of those names, several words a list.
 */
record CliParameters(Map<String, Object> params, List<String> unread) {
    /** A name=value pair of shorthand syntax, at its start or after a ',', '{' or '['. */
    private static final Pattern SHORTHAND = Pattern.compile("(?:^|[,{\\[])\\s*([A-Za-z0-9_.:-]+)\\s*=([^,{}\\[\\]]*)");

    private static final java.util.Set<String> OPAQUE = java.util.Set.of("queue-url", "user-data");

    /** words: the command's words (no global options), the service and operation first. */
    static CliParameters of(List<String> words) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> unread = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--") || w.length() == 2) continue;
            String option = w.contains("=") ? w.substring(2, w.indexOf('=')) : w.substring(2);
            List<String> values = new ArrayList<>();
            if (w.contains("=")) {
                values.add(w.substring(w.indexOf('=') + 1));
            } else {
                for (int j = i + 1; j < words.size() && !words.get(j).startsWith("--"); j++) values.add(words.get(j));
            }
            List<Object> read = new ArrayList<>();
            for (String v : values) {
                // A queue URL is one: version 1 does not fetch it (its paramfile list exempts --queue-url). An
                // instance's user data is a blob handed to the instance, no parameter of the call's.
                if (S3Commands.loadedFromElsewhere(v) && !OPAQUE.contains(option)) unread.add("--" + option + " " + v + " is read from a file or URL hoop does not judge");
                read.add(value(v, option, unread));
            }
            params.put(name(option, values), read.size() == 1 ? read.get(0) : read);
        }
        return new CliParameters(params, unread);
    }

    /**
     * The parameter an option gives, as S3Locations reads it. argparse reads an unambiguous prefix of an option as the
     * option, and hoop does not know each command's options: a prefix of a bucket's option is that bucket's
     * (S3Locations.BUCKET_OPTIONS), and an S3 URI or ARN given whole is a location whatever the option's name
     * (`--output-loc s3://b/x` is --output-location).
     */
    private static String name(String option, List<String> values) {
        // Only a prefix that has begun the word "bucket": --target is an option of its own in many commands.
        String full = S3Locations.BUCKET_OPTIONS.contains(option) ? option : S3Locations.BUCKET_OPTIONS.stream()
                .filter(o -> o.startsWith(option) && option.length() > o.indexOf("bucket")).findFirst().orElse(option);
        String name = AwsOperations.camel(full);
        if (!S3Locations.locationName(name) && values.stream().anyMatch(S3Locations::whole)) name += "Uri";
        return name;
    }

    /** One word: JSON parsed, shorthand pairs as a structure, else the word. */
    private static Object value(String word, String option, List<String> unread) {
        String v = word.strip();
        if (v.startsWith("{") || v.startsWith("[")) {
            try {
                return StrictJson.parse(v);
            } catch (IllegalArgumentException e) {
                unread.add("--" + option + " is JSON hoop cannot read (a key given twice?)");
                return word;
            }
        }
        Matcher m = SHORTHAND.matcher(v);
        // Pairs are read flat: a name met again (IpRanges=[{CidrIp=a},{CidrIp=b}]) begins the next structure, where
        // keeping the first alone hid the others from the tables.
        List<Map<String, Object>> structures = new ArrayList<>();
        while (m.find()) {
            Map<String, Object> into = structures.stream().filter(s -> !s.containsKey(m.group(1))).findFirst().orElse(null);
            if (into == null) structures.add(into = new LinkedHashMap<>());
            into.put(m.group(1), m.group(2).strip());
        }
        return structures.isEmpty() ? word : structures.size() == 1 ? structures.get(0) : List.copyOf(structures);
    }
}
